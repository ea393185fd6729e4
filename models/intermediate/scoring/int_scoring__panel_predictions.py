"""Learned trait models compared out of sample: one row per method per training size per
held-out panel member per trait, the self-report the model predicts for that member.

Both methods are fitted on the self-reports of the survey panel's training members only (the
split of int_survey_panel__split, the same one int_trait_models__coefficients uses) and
applied to the held-out members, whom no fit ever sees:

- `ridge`: RidgeCV on every scoring feature's z-score, alpha chosen from
  var('learned_ridge_alphas') by leave-one-out CV: the `learned` method of the profiles,
  refitted here at each training size (at the full size it is the same fit);
- `boosted`: HistGradientBoostingRegressor on the same z-scores, which can use interactions
  and thresholds. Its depth and learning rate are chosen by k-fold cross-validation
  (GridSearchCV, seeded KFold) on the training members of that size only. A tree model has no
  per-feature weights, so profiles and explanations keep the ridge; this one is a comparator.

Training sizes: the first N training members in split-hash order, for N in
var('learned_training_sizes') below the training panel's size, plus the whole training panel,
so every smaller training set is a prefix of the larger ones ("how many volunteers does a
platform need": marts.eval_panel_size_curve). Everything is seeded: the same data give the
same predictions. Fewer than MIN_TRAINING_USERS labelled members (a small world): no rows.
"""

from __future__ import annotations

import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import GridSearchCV, KFold
from threadpoolctl import threadpool_limits

# Below this many labelled training users a fit means nothing (as in the ridge's model).
MIN_TRAINING_USERS = 10
# A small grid: the default world's training panel is ~140 users and every size and trait is
# cross-validated, so the grid's size multiplies the build time (2 x 2 x 3 folds).
BOOSTED_GRID = {"max_depth": [2, 3], "learning_rate": [0.05, 0.1]}
# Shallow, regularised trees with few iterations: a panel of a few hundred users overfits
# anything larger.
BOOSTED_FIXED = {"max_iter": 60, "min_samples_leaf": 10, "l2_regularization": 1.0}
CV_FOLDS = 3
RANDOM_STATE = 16
COLUMN_TYPES = {
    "method": "string",
    "n_training_users": "int64",
    "n_labelled_users": "int64",
    "user_id": "string",
    "trait": "string",
    "predicted_score": "float64",
}


def model(dbt, session) -> pd.DataFrame:
    # Plain statements: dbt finds the config keys a Python model reads by parsing its calls.
    ridge_alphas = dbt.config.get("ridge_alphas")
    sizes = dbt.config.get("training_sizes")
    feature_scores = dbt.ref("int_feature_scores__standardised").df()
    survey = dbt.ref("stg_platform__survey_responses").df()
    split = dbt.ref("int_survey_panel__split").df()
    # Read nothing from it, but run after it: dbt-duckdb runs Python models inside dbt's own
    # process, and two threads importing scikit-learn at once can each see the other's
    # half-initialised module ("cannot import name 'clone' from partially initialized module
    # 'sklearn.base'", seen on a loaded machine). This ref orders the two sklearn models.
    dbt.ref("int_trait_models__coefficients")
    # One OpenMP thread: the trees are fitted on a few hundred rows, where the thread pool's
    # start-up and spinning cost far more than it saves (measured: 0.06 s per fit on one
    # thread, 2.3 s on all threads of a busy 2-core machine).
    with threadpool_limits(limits=1):
        predictions = predict_held_out(
            z_wide=feature_scores.pivot(index="user_id", columns="feature_name", values="z_score")
            .sort_index()
            .sort_index(axis=1)
            .astype(float),
            survey=survey,
            split=split,
            alphas=parse_numbers(ridge_alphas, "learned_ridge_alphas"),
            sizes=[int(size) for size in parse_numbers(sizes, "learned_training_sizes")],
        )
    return predictions


def parse_numbers(text: str, var_name: str) -> list[float]:
    """A list passed from vars as comma-separated text (Python models have no Jinja)."""
    values = sorted({float(value) for value in str(text).split(",") if value.strip()})
    if not values or min(values) <= 0:
        raise ValueError(f"{var_name} must be positive comma-separated numbers, got {text!r}")
    return values


def training_sizes(sizes: list[int], n_training: int) -> list[int]:
    """The requested sizes below the training panel's size, and the whole panel."""
    return sorted({size for size in sizes if size < n_training} | {n_training})


def predict_held_out(
    z_wide: pd.DataFrame,
    survey: pd.DataFrame,
    split: pd.DataFrame,
    alphas: list[float],
    sizes: list[int],
) -> pd.DataFrame:
    # The fixed order the nested training sets are prefixes of: the split's own hash (ties,
    # which a 32-bit hash makes rare, broken by id), never the order the database returns.
    split = split.sort_values(["split_hash", "user_id"])
    profiled = split[split["user_id"].isin(z_wide.index)]
    is_held_out = profiled["is_held_out"].astype(bool)
    training = profiled.loc[~is_held_out, "user_id"].to_numpy()
    held_out = profiled.loc[is_held_out, "user_id"].to_numpy()
    if len(training) < MIN_TRAINING_USERS or len(held_out) == 0:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in COLUMN_TYPES.items()})
    labels = survey.pivot(index="user_id", columns="trait", values="self_report_score")
    x_held_out = z_wide.loc[held_out].to_numpy()
    rows = []
    for size in training_sizes(sizes, len(training)):
        members = training[:size]
        for trait in sorted(labels.columns):
            # Missing answers are dropped per trait, so n_labelled_users can be below size.
            target = labels.loc[labels.index.intersection(members), trait].dropna().sort_index()
            if len(target) < MIN_TRAINING_USERS:
                continue
            x_train = z_wide.loc[target.index].to_numpy()
            for method, predictor in (
                ("ridge", RidgeCV(alphas=alphas)),
                ("boosted", boosted_search(len(target))),
            ):
                predicted = predictor.fit(x_train, target.to_numpy()).predict(x_held_out)
                rows.append(
                    pd.DataFrame(
                        {
                            "method": method,
                            "n_training_users": size,
                            "n_labelled_users": len(target),
                            "user_id": held_out,
                            "trait": trait,
                            "predicted_score": predicted,
                        }
                    )
                )
    if not rows:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in COLUMN_TYPES.items()})
    return pd.concat(rows, ignore_index=True).astype(COLUMN_TYPES)


def boosted_search(n_users: int) -> GridSearchCV:
    """Gradient-boosted trees, depth and learning rate chosen by seeded k-fold CV on the
    training users only (fewer folds when there are too few users for CV_FOLDS)."""
    n_splits = min(CV_FOLDS, max(2, n_users // 10))
    folds = KFold(n_splits=n_splits, shuffle=True, random_state=RANDOM_STATE)
    return GridSearchCV(
        HistGradientBoostingRegressor(random_state=RANDOM_STATE, **BOOSTED_FIXED),
        BOOSTED_GRID,
        cv=folds,
        scoring="neg_mean_squared_error",
    )
