"""Data-driven segments: the k-means model's functions on data with a known answer, and the
built segment marts against recomputations outside dbt.

The agreement with the personas (adjusted Rand index, normalised mutual information) is
recomputed from the users' segments and personas with a contingency table in NumPy and the
textbook formulas, not scikit-learn's functions; the silhouettes with scikit-learn from the
feature z-scores, not from the model's per-user widths; and the k-means fit is rerun in this
process to check that the same data give the same segments.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import silhouette_score

from tests.pytest.conftest import ROOT, BuiltProject

SEGMENTS = ROOT / "models" / "intermediate" / "segments"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SEGMENTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kmeans = load("int_user_segments__by_k")
VARS = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]


# --- The model's functions ------------------------------------------------------------------


def test_relabel_numbers_by_size_then_by_centre() -> None:
    # Cluster 2 is the largest; clusters 0 and 1 have two members each, and 1's centre comes
    # first feature by feature ([0, 5] before [1, 0]).
    labels = np.array([2, 2, 2, 0, 0, 1, 1])
    centres = np.array([[1.0, 0.0], [0.0, 5.0], [9.0, 9.0]])
    new_labels, new_centres = kmeans.relabel(labels, centres)
    assert new_labels.tolist() == [1, 1, 1, 3, 3, 2, 2]
    np.testing.assert_array_equal(new_centres, centres[[2, 1, 0]])


def blobs_long(order_seed: int) -> tuple[pd.DataFrame, dict[int, int]]:
    """Three well-separated blobs of 60, 40 and 20 users in 4 features, as long rows (user,
    feature, z_score) in a shuffled order; and each user's blob (0 = the largest)."""
    rng = np.random.default_rng(5)
    centres = np.array([[0, 0, 0, 0], [10, 0, 0, 0], [0, 10, 0, 0]], dtype=float)
    blob = np.repeat([0, 1, 2], [60, 40, 20])
    points = centres[blob] + rng.normal(scale=0.5, size=(len(blob), 4))
    user_ids = rng.permutation(np.arange(1000, 1000 + len(blob)))
    rows = [
        (int(user), f"f{feature}", float(points[index, feature]))
        for index, user in enumerate(user_ids)
        for feature in range(4)
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "feature_name", "z_score"])
    frame = frame.sample(frac=1.0, random_state=order_seed).reset_index(drop=True)
    return frame, dict(zip(user_ids.tolist(), blob.tolist(), strict=True))


def fit_blobs(order_seed: int, silhouette_max_users: int = 1000) -> pd.DataFrame:
    frame, _ = blobs_long(order_seed)
    return kmeans.segments_by_k(
        kmeans.wide_z_scores(frame),
        k_values=[2, 3, 4],
        n_init=5,
        seed=42,
        silhouette_max_users=silhouette_max_users,
    )


def test_k_means_finds_the_blobs_numbered_by_size() -> None:
    result = fit_blobs(order_seed=1)
    _, blob_of = blobs_long(order_seed=1)
    at_three = result[result["n_segments"] == 3]
    assert len(at_three) == 120
    # Segment 1 is the blob of 60, segment 2 the 40, segment 3 the 20.
    expected = at_three["user_id"].map(blob_of) + 1
    assert (at_three["segment_id"].to_numpy() == expected.to_numpy()).all()
    silhouette = result.groupby("n_segments")["silhouette_width"].mean()
    assert silhouette.idxmax() == 3
    assert silhouette[3] > 0.8


def test_same_data_in_another_row_order_give_the_same_rows() -> None:
    first = fit_blobs(order_seed=1)
    again = fit_blobs(order_seed=2)
    pd.testing.assert_frame_equal(first, again, check_exact=True)


def test_silhouette_sample_is_seeded_and_the_same_at_every_k() -> None:
    result = fit_blobs(order_seed=1, silhouette_max_users=50)
    sampled = result.pivot(index="user_id", columns="n_segments", values="is_in_silhouette_sample")
    assert sampled.sum().tolist() == [50, 50, 50]
    assert (sampled.nunique(axis=1) == 1).all()
    assert result["silhouette_width"].notna().sum() == 150


def test_k_range_is_checked() -> None:
    assert kmeans.candidate_ks(3, 5) == [3, 4, 5]
    with pytest.raises(ValueError, match="segment_k_min"):
        kmeans.candidate_ks(1, 5)
    with pytest.raises(ValueError, match="segment_k_max"):
        kmeans.candidate_ks(6, 5)


# --- The built marts against recomputations ----------------------------------------------


def pairs(counts: np.ndarray) -> float:
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(table: np.ndarray) -> float:
    """Hubert and Arabie's ARI from a contingency table (rows x columns of counts)."""
    n = table.sum()
    index = pairs(table)
    rows, columns = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * columns / (n * (n - 1) / 2)
    maximum = (rows + columns) / 2
    return (index - expected) / (maximum - expected)


def normalised_mutual_information(table: np.ndarray) -> float:
    """Mutual information over the arithmetic mean of the two entropies."""
    joint = table / table.sum()
    rows, columns = joint.sum(axis=1), joint.sum(axis=0)
    nonzero = joint > 0
    mutual = (joint[nonzero] * np.log(joint[nonzero] / np.outer(rows, columns)[nonzero])).sum()

    def entropy(p: np.ndarray) -> float:
        return float(-(p[p > 0] * np.log(p[p > 0])).sum())

    return mutual / ((entropy(rows) + entropy(columns)) / 2)


def test_adjusted_rand_index_of_a_hand_made_table() -> None:
    # The unit test's six users at k = 4 (models/marts/evaluation/_evaluation__unit_tests.yml).
    table = np.array([[1, 1], [1, 1], [1, 0], [0, 1]])
    assert adjusted_rand_index(table) == pytest.approx(-0.25)
    assert adjusted_rand_index(np.array([[3, 0], [0, 3]])) == pytest.approx(1.0)


def read(built: BuiltProject, sql: str) -> pd.DataFrame:
    with built.connect() as connection:
        return connection.sql(sql).df()


def test_k_selection_agrees_with_independent_recomputations(built: BuiltProject) -> None:
    selection = read(
        built,
        "select * from marts.eval_segment_k_selection"
        " inner join marts.eval_segment_persona_agreement using (n_segments, is_chosen)"
        " order by n_segments",
    )
    by_k = read(
        built,
        "select n_segments, user_id, segment_id from features.int_user_segments__by_k",
    )
    personas = read(built, "select user_id, persona from marts.fct_user_personas")
    scores = read(
        built,
        "select user_id, feature_name, z_score from features.int_feature_scores__standardised",
    )
    z_wide = scores.pivot(index="user_id", columns="feature_name", values="z_score").sort_index()

    # Every k of the documented range was tried, and the largest silhouette chose (ties: smaller k).
    k_values = list(range(VARS["segment_k_min"], VARS["segment_k_max"] + 1))
    assert selection["n_segments"].tolist() == k_values
    best = selection["silhouette"].max()
    chosen = selection.loc[selection["is_chosen"], "n_segments"].tolist()
    assert chosen == [min(selection.loc[selection["silhouette"] == best, "n_segments"])]

    for row in selection.itertuples():
        segments = by_k[by_k["n_segments"] == row.n_segments].set_index("user_id").sort_index()
        assert segments.index.equals(z_wide.index)
        silhouette = silhouette_score(z_wide.to_numpy(), segments["segment_id"].to_numpy())
        assert row.silhouette == pytest.approx(silhouette, abs=1e-9)

        joined = segments.join(personas.set_index("user_id"), how="inner")
        table = pd.crosstab(joined["segment_id"], joined["persona"]).to_numpy()
        assert row.n_users_compared == table.sum()
        assert row.adjusted_rand_index == pytest.approx(adjusted_rand_index(table), abs=1e-9)
        assert row.normalised_mutual_information == pytest.approx(
            normalised_mutual_information(table), abs=1e-9
        )


def test_segments_rebuild_bit_for_bit_and_the_marts_hold_the_chosen_k(
    built: BuiltProject,
) -> None:
    scores = read(
        built,
        "select user_id, feature_name, z_score from features.int_feature_scores__standardised",
    )
    stored = read(
        built,
        "select * from features.int_user_segments__by_k order by n_segments, user_id",
    )
    refitted = kmeans.segments_by_k(
        kmeans.wide_z_scores(scores),
        k_values=kmeans.candidate_ks(VARS["segment_k_min"], VARS["segment_k_max"]),
        n_init=VARS["segment_kmeans_n_init"],
        seed=VARS["segment_seed"],
        silhouette_max_users=VARS["segment_silhouette_max_users"],
    )
    pd.testing.assert_frame_equal(
        stored.reset_index(drop=True), refitted[stored.columns], check_exact=True
    )

    users = read(built, "select * from marts.fct_user_segments order by user_id")
    segments = read(built, "select * from marts.dim_segments order by segment_id")
    crosstab = read(built, "select * from marts.fct_segment_persona_crosstab")
    k = int(users["n_segments"].iloc[0])
    chosen = stored[stored["n_segments"] == k].set_index("user_id")["segment_id"]
    assert users.set_index("user_id")["segment_id"].equals(chosen.astype(users["segment_id"].dtype))
    # Numbered by size, and the sizes and the contingency table count the users.
    sizes = users["segment_id"].value_counts().sort_index()
    assert segments["segment_id"].tolist() == list(range(1, k + 1))
    assert segments["n_users"].tolist() == sizes.tolist()
    assert sizes.is_monotonic_decreasing
    counted = crosstab.pivot(index="segment_id", columns="persona", values="n_users")
    expected = pd.crosstab(users["segment_id"], users["persona"])
    pd.testing.assert_frame_equal(
        counted.loc[expected.index, expected.columns], expected, check_names=False
    )
