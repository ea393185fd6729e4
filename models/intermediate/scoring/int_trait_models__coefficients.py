"""Learned trait models: one ridge regression per trait, fitted on the survey panel.

One row per trait per feature set per feature in it: the coefficient of the feature's z-score
(features.int_feature_scores__standardised) in a linear model that predicts the panel's
self-reported trait score (1-5) from behaviour, as Kosinski et al. (2013) learned Big Five
scores from Likes.

- Labels: stg_platform__survey_responses, for the panel members that int_survey_panel__split
  puts in the training set. Held-out members are dropped before anything is fitted.
- Inputs: every scoring feature's z-score, so the model picks its own features.
- Penalty: scikit-learn's RidgeCV chooses alpha from var('learned_ridge_alphas') by efficient
  leave-one-out cross-validation on the training users. Nothing is random: the same data give
  the same coefficients.
- Feature sets: `none` removed is the model used for scoring; for each feature group in the
  scoring_features seed, the model is refitted without that group (the ablation in
  marts.eval_feature_ablation).

The training code is plain functions below `model`, so that tests can call them directly.
"""

from __future__ import annotations

import pandas as pd
from sklearn.linear_model import RidgeCV

NO_GROUP_REMOVED = "none"
# Too few labelled users to fit anything meaningful: below this, no learned model is fitted
# and the `learned` method has no rows (as on Spark), so a small world still builds.
MIN_TRAINING_USERS = 10
COLUMN_TYPES = {
    "trait": "string",
    "removed_feature_group": "string",
    "feature_name": "string",
    "feature_group": "string",
    "coefficient": "float64",
    "intercept": "float64",
    "alpha": "float64",
    "n_training_users": "int64",
}


def model(dbt, session) -> pd.DataFrame:
    alphas = parse_alphas(dbt.config.get("ridge_alphas"))
    feature_scores = dbt.ref("int_feature_scores__standardised").df()
    survey = dbt.ref("stg_platform__survey_responses").df()
    split = dbt.ref("int_survey_panel__split").df()
    features = dbt.ref("scoring_features").df()
    training_ids = split.loc[~split["is_held_out"].astype(bool), "user_id"]
    return fit_trait_models(
        z_wide=wide_z_scores(feature_scores),
        labels=survey[survey["user_id"].isin(training_ids)],
        feature_groups=dict(zip(features["feature_name"], features["feature_group"], strict=True)),
        alphas=alphas,
    )


def parse_alphas(text: str) -> list[float]:
    """The penalty grid, passed from vars as comma-separated text (Python models have no
    Jinja; see the model's config in _features__models.yml)."""
    alphas = sorted({float(value) for value in str(text).split(",") if value.strip()})
    if not alphas or min(alphas) <= 0:
        raise ValueError(f"learned_ridge_alphas must be positive numbers, got {text!r}")
    return alphas


def wide_z_scores(feature_scores: pd.DataFrame) -> pd.DataFrame:
    """One row per user, one column per feature, sorted both ways so that the fit never
    depends on the order the database returned rows in."""
    wide = feature_scores.pivot(index="user_id", columns="feature_name", values="z_score")
    return wide.sort_index().sort_index(axis=1).astype(float)


def fit_trait_models(
    z_wide: pd.DataFrame,
    labels: pd.DataFrame,
    feature_groups: dict[str, str],
    alphas: list[float],
) -> pd.DataFrame:
    """Fit every trait's model on the labelled users that have features, with all features
    and without each feature group in turn. `labels` must hold training users only."""
    labels_wide = labels.pivot(index="user_id", columns="trait", values="self_report_score")
    labels_wide = labels_wide.sort_index().sort_index(axis=1)
    users = labels_wide.index.intersection(z_wide.index)
    if len(users) < MIN_TRAINING_USERS:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in COLUMN_TYPES.items()})
    removals = [NO_GROUP_REMOVED, *sorted(set(feature_groups.values()))]
    rows = []
    for trait in labels_wide.columns:
        target = labels_wide.loc[users, trait].dropna()
        for removed in removals:
            kept = [name for name in z_wide.columns if feature_groups.get(name) != removed]
            fitted = RidgeCV(alphas=alphas).fit(
                z_wide.loc[target.index, kept].to_numpy(), target.to_numpy()
            )
            for feature_name, coefficient in zip(kept, fitted.coef_, strict=True):
                rows.append(
                    {
                        "trait": trait,
                        "removed_feature_group": removed,
                        "feature_name": feature_name,
                        "feature_group": feature_groups.get(feature_name),
                        "coefficient": float(coefficient),
                        "intercept": float(fitted.intercept_),
                        "alpha": float(fitted.alpha_),
                        "n_training_users": len(target),
                    }
                )
    return pd.DataFrame(rows).astype(COLUMN_TYPES)
