"""Data-driven segments: one row per profiled user per candidate number of segments k.

k-means (scikit-learn) on each user's vector of standardised scoring features
(features.int_feature_scores__standardised: the clipped z-scores, 0 where imputed) is fitted
for every k from var segment_k_min to segment_k_max. Each row says which segment the user
falls in at that k, how far they are from its centre, and their silhouette width (how much
closer they are to their own segment than to the nearest other one). Which k is kept is
decided downstream, in SQL (marts.eval_segment_k_selection), from the mean silhouette per k.

Why per k and not just the chosen k: the choice, the inertia and the agreement with the
personas are then plain SQL over these rows, testable with a small fixture, and the page can
show every k that was tried.

Deterministic: users are sorted by id and features by name before fitting; k-means starts
from var segment_kmeans_n_init seeded initialisations (var segment_seed) on one thread (a
multi-threaded k-means may add in another order); k-means' cluster numbers are arbitrary,
so segments are renumbered 1..k by size (largest first), ties broken by the centre's
coordinates. Above var segment_silhouette_max_users users, the silhouette is computed on a
seeded sample of users (the same for every k) and is null for the others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_samples
from threadpoolctl import threadpool_limits

COLUMN_TYPES = {
    "n_segments": "int64",
    "user_id": "int64",
    "segment_id": "int64",
    "distance_to_centroid": "float64",
    "is_in_silhouette_sample": "bool",
    "silhouette_width": "float64",
}


def model(dbt, session) -> pd.DataFrame:
    feature_scores = dbt.ref("int_feature_scores__standardised").df()
    # Read nothing from it, but run after it: dbt-duckdb runs Python models in dbt's own
    # process, and two threads importing scikit-learn at once can each see the other's
    # half-initialised module ("cannot import name 'clone' from partially initialized module
    # 'sklearn.base'": it failed this model and int_trait_models__coefficients in a full
    # build). The panel predictions run after the coefficients, so this ref puts every
    # scikit-learn model of the build in one line.
    dbt.ref("int_scoring__panel_predictions")
    return segments_by_k(
        z_wide=wide_z_scores(feature_scores),
        k_values=candidate_ks(int(dbt.config.get("k_min")), int(dbt.config.get("k_max"))),
        n_init=int(dbt.config.get("n_init")),
        seed=int(dbt.config.get("seed")),
        silhouette_max_users=int(dbt.config.get("silhouette_max_users")),
    )


def candidate_ks(k_min: int, k_max: int) -> list[int]:
    """The numbers of segments to try; the silhouette needs at least two."""
    if k_min < 2 or k_max < k_min:
        raise ValueError(
            f"segment_k_min must be at least 2 and segment_k_max at least segment_k_min, "
            f"got {k_min} and {k_max}"
        )
    return list(range(k_min, k_max + 1))


def wide_z_scores(feature_scores: pd.DataFrame) -> pd.DataFrame:
    """One row per user (sorted by id), one column per feature (sorted by name)."""
    wide = feature_scores.pivot(index="user_id", columns="feature_name", values="z_score")
    return wide.sort_index().sort_index(axis=1).astype(float)


def relabel(labels: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber k-means clusters 1..k: largest first, equal sizes ordered by their centres'
    coordinates (feature by feature). Returns the new labels and the centres in the new order."""
    sizes = np.bincount(labels, minlength=centres.shape[0])
    # np.lexsort sorts by the last key first: size (descending), then coordinates in order.
    keys = [centres[:, column] for column in reversed(range(centres.shape[1]))]
    order = np.lexsort([*keys, -sizes])
    new_number = np.empty_like(order)
    new_number[order] = np.arange(1, len(order) + 1)
    return new_number[labels], centres[order]


def silhouette_sample(n_users: int, max_users: int, seed: int) -> np.ndarray:
    """Indices of the users whose silhouette is computed: all, or a seeded sample."""
    if n_users <= max_users:
        return np.arange(n_users)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_users, size=max_users, replace=False))


def fit_k(x: np.ndarray, k: int, n_init: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One k-means fit: labels 1..k (relabelled) and each user's distance to their centre."""
    fitted = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
    labels, centres = relabel(fitted.labels_, fitted.cluster_centers_)
    distances = np.linalg.norm(x - centres[labels - 1], axis=1)
    return labels, distances


def segments_by_k(
    z_wide: pd.DataFrame,
    k_values: list[int],
    n_init: int,
    seed: int,
    silhouette_max_users: int,
) -> pd.DataFrame:
    """Every user's segment at every k below the number of users (a world too small for any
    k gives no rows)."""
    x = z_wide.to_numpy(dtype=float)
    n_users = x.shape[0]
    sampled = silhouette_sample(n_users, silhouette_max_users, seed)
    is_sampled = np.zeros(n_users, dtype=bool)
    is_sampled[sampled] = True
    frames = []
    with threadpool_limits(limits=1):
        for k in (k for k in k_values if k < n_users):
            labels, distances = fit_k(x, k, n_init, seed)
            widths = np.full(n_users, np.nan)
            if len(np.unique(labels[sampled])) > 1:
                widths[sampled] = silhouette_samples(x[sampled], labels[sampled])
            frames.append(
                pd.DataFrame(
                    {
                        "n_segments": k,
                        "user_id": z_wide.index.to_numpy(),
                        "segment_id": labels,
                        "distance_to_centroid": distances,
                        "is_in_silhouette_sample": is_sampled,
                        "silhouette_width": widths,
                    }
                )
            )
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in COLUMN_TYPES.items()})
    return pd.concat(frames, ignore_index=True).astype(COLUMN_TYPES)
