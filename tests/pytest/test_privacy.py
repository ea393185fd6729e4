"""The privacy and fairness marts against independent computations on the default world.

k-anonymity and l-diversity are recomputed with pycanon (an established library of
anonymity measures, CSIC), the other figures with pandas and SciPy from the tables the marts
read, and compared exactly: a wrong join or grouping in the SQL fails here even when every
dbt test passes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from pycanon import anonymity

from tests.pytest.conftest import ROOT, BuiltProject

pytestmark = pytest.mark.e2e

DATASETS = ("full_precision", "k_anonymised_export")


def project_vars() -> dict:
    return yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]


def quasi_identifiers() -> list[str]:
    return [qi["quasi_identifier"] for qi in project_vars()["privacy_quasi_identifiers"]]


def query(built: BuiltProject, sql: str) -> pd.DataFrame:
    with built.connect() as connection:
        return connection.sql(sql).df()


@pytest.fixture(scope="module")
def bands(built: BuiltProject) -> pd.DataFrame:
    """One row per profiled user, one column per trait band."""
    # hand-set scores (one method per user and trait)
    traits = query(
        built, "select user_id, trait, band from marts.fct_user_traits where method = 'hand-set'"
    )
    return traits.pivot(index="user_id", columns="trait", values="band").reset_index()


@pytest.fixture(scope="module")
def full_precision(built: BuiltProject, bands: pd.DataFrame) -> pd.DataFrame:
    """The quasi-identifiers at level 0 of their hierarchies, with the trait bands."""
    levels = {
        qi["quasi_identifier"]: qi["hierarchy"][0]
        for qi in project_vars()["privacy_quasi_identifiers"]
    }
    columns = ", ".join(
        f"'*' as {name}" if level == "*" else f"{level} as {name}" for name, level in levels.items()
    )
    data = query(built, f"select user_id, {columns} from features.int_users__quasi_identifiers")
    return data.merge(bands, on="user_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def export(built: BuiltProject) -> pd.DataFrame:
    """The published export with its trait bands, as a reader of the two tables sees it."""
    profiles = query(built, "select * from marts.fct_privacy_export_profiles")
    traits = query(built, "select * from marts.fct_privacy_export_traits")
    wide = traits.pivot(index="export_row_id", columns="trait", values="band").reset_index()
    return profiles.merge(wide, on="export_row_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def summary(built: BuiltProject) -> pd.DataFrame:
    return query(built, "select * from marts.fct_privacy_summary").set_index("dataset")


def test_k_anonymity_agrees_with_pycanon(
    full_precision: pd.DataFrame, export: pd.DataFrame, summary: pd.DataFrame
) -> None:
    qis = quasi_identifiers()
    for dataset, data in zip(DATASETS, (full_precision, export), strict=True):
        assert summary.loc[dataset, "k_anonymity"] == anonymity.k_anonymity(data, qis), dataset
    assert summary.loc["k_anonymised_export", "k_anonymity"] >= project_vars()["privacy_k"]


def test_l_diversity_agrees_with_pycanon(
    built: BuiltProject,
    full_precision: pd.DataFrame,
    export: pd.DataFrame,
    bands: pd.DataFrame,
    summary: pd.DataFrame,
) -> None:
    qis = quasi_identifiers()
    traits = [column for column in bands.columns if column != "user_id"]
    per_trait = query(
        built,
        "select dataset, trait, min(n_distinct_bands) as l_diversity "
        "from marts.fct_privacy_class_diversity group by all",
    ).set_index(["dataset", "trait"])["l_diversity"]
    for dataset, data in zip(DATASETS, (full_precision, export), strict=True):
        for trait in traits:
            expected = anonymity.l_diversity(data, qis, [trait])
            assert per_trait.loc[(dataset, trait)] == expected, (dataset, trait)
        # With every band as a sensitive attribute, pycanon's l is the least over them.
        assert summary.loc[dataset, "l_diversity"] == anonymity.l_diversity(data, qis, traits)


def test_record_risk_matches_pandas(
    built: BuiltProject, full_precision: pd.DataFrame, export: pd.DataFrame, summary: pd.DataFrame
) -> None:
    qis = quasi_identifiers()
    k = project_vars()["privacy_k"]
    risk = query(built, "select * from marts.fct_privacy_record_risk")
    for dataset, data in zip(DATASETS, (full_precision, export), strict=True):
        sizes = data.groupby(qis)[qis[0]].transform("size")
        mart = risk[risk["dataset"] == dataset]
        assert len(mart) == len(data)
        assert sorted(mart["class_size"]) == sorted(sizes)
        assert mart["prosecutor_risk"].max() == pytest.approx((1 / sizes).max())
        assert summary.loc[dataset, "avg_prosecutor_risk"] == pytest.approx((1 / sizes).mean())
        assert summary.loc[dataset, "max_prosecutor_risk"] == pytest.approx(1 / sizes.min())
        assert summary.loc[dataset, "n_below_k"] == (sizes < k).sum()
        assert summary.loc[dataset, "n_sample_uniques"] == (sizes == 1).sum()
        assert summary.loc[dataset, "n_classes"] == data.groupby(qis).ngroups
    # The full-precision classes per user, not only their multiset.
    merged = full_precision.assign(expected=full_precision.groupby(qis)[qis[0]].transform("size"))
    merged = merged.merge(risk[risk["dataset"] == "full_precision"], on="user_id")
    assert (merged["expected"] == merged["class_size"]).all()


def test_uniqueness_curve_matches_pandas(built: BuiltProject, full_precision: pd.DataFrame) -> None:
    qis = quasi_identifiers()
    curve = query(built, "select * from marts.fct_privacy_uniqueness_curve order by 1").set_index(
        "n_attributes"
    )
    assert list(curve.index) == list(range(1, len(qis) + 1))
    for n in curve.index:
        sizes = full_precision.groupby(qis[:n]).size()
        assert curve.loc[n, "n_classes"] == len(sizes)
        assert curve.loc[n, "n_sample_uniques"] == (sizes == 1).sum()
        assert curve.loc[n, "k_anonymity"] == sizes.min()
    # Adding attributes can only split classes.
    assert curve["share_sample_uniques"].is_monotonic_increasing


def test_export_is_reached_step_by_step_and_loses_nobody(
    built: BuiltProject, summary: pd.DataFrame
) -> None:
    steps = query(
        built, "select * from marts.fct_privacy_export_steps order by generalisation_step"
    )
    assert len(steps) == len(project_vars()["privacy_generalisation_steps"]) + 1
    n_profiled = query(built, "select count(*) as n from marts.dim_users where is_profiled")["n"][0]
    assert steps["n_considered"].iloc[0] == n_profiled
    assert steps["n_published"].sum() + steps["n_still_below_k"].iloc[-1] == n_profiled
    export = summary.loc["k_anonymised_export"]
    assert export["n_suppressed"] == steps["n_still_below_k"].iloc[-1]
    assert export["n_profiles"] + export["n_suppressed"] == n_profiled
    # Generalising must buy something at the default size: most profiles are published.
    assert export["n_profiles"] > 0.5 * n_profiled


def test_fairness_parity_matches_pandas(built: BuiltProject) -> None:
    fairness_vars = project_vars()
    # hand-set scores (one method per user and trait)
    scores = query(
        built,
        "select traits.user_id, traits.trait, traits.score, traits.band, users.age_band, "
        "users.gender, users.country_code from marts.fct_user_traits as traits "
        "inner join marts.dim_users as users on traits.user_id = users.user_id "
        "where traits.method = 'hand-set'",
    )
    scores["is_high"] = scores["band"] == "high"
    mart = query(built, "select * from marts.fct_fairness_group_traits").set_index(
        ["trait", "group_dimension", "group_value"]
    )
    population = scores.groupby("trait")["is_high"].mean()
    ratio = fairness_vars["fairness_min_high_band_ratio"]
    n_flagged = 0
    for dimension in fairness_vars["fairness_group_dimensions"]:
        for (trait, value), group in scores.groupby(["trait", dimension]):
            row = mart.loc[(trait, dimension, value)]
            share = group["is_high"].mean()
            assert row["n_users"] == len(group)
            assert row["mean_score"] == pytest.approx(group["score"].mean())
            assert row["high_band_share"] == pytest.approx(share)
            assert row["high_band_share_ratio"] == pytest.approx(share / population[trait])
            flagged = len(group) >= fairness_vars["fairness_min_group_users"] and not (
                ratio <= share / population[trait] <= 1 / ratio
            )
            assert row["is_flagged"] == flagged, (trait, dimension, value)
            n_flagged += flagged
    assert n_flagged == mart["is_flagged"].sum()


def test_fairness_recovery_matches_scipy(built: BuiltProject) -> None:
    from scipy.stats import spearmanr

    # hand-set scores (one method per user and trait)
    paired = query(
        built,
        "select traits.user_id, traits.trait, traits.raw_score, traits.band, users.age_band, "
        "users.gender, users.country_code, truth.latent_score "
        "from marts.fct_user_traits as traits "
        "inner join marts.dim_users as users on traits.user_id = users.user_id "
        "inner join staging.stg_ground_truth__latent_traits as truth "
        "on traits.user_id = truth.user_id and traits.trait = truth.trait "
        "where traits.method = 'hand-set'",
    )
    # The truth's top quartile over the whole population, as percent_rank >= 0.75.
    rank = paired.groupby("trait")["latent_score"].rank(method="min") - 1
    size = paired.groupby("trait")["latent_score"].transform("size")
    paired["truly_high"] = rank / (size - 1) >= 0.75
    paired["labelled_high"] = paired["band"] == "high"
    mart = query(built, "select * from marts.eval_fairness_group_recovery").set_index(
        ["trait", "group_dimension", "group_value"]
    )
    for dimension in project_vars()["fairness_group_dimensions"]:
        for (trait, value), group in paired.groupby(["trait", dimension]):
            row = mart.loc[(trait, dimension, value)]
            if len(group) > 2:
                rho = spearmanr(group["raw_score"], group["latent_score"]).statistic
                assert row["spearman_rho"] == pytest.approx(rho, abs=1e-9)
            not_high = group[~group["truly_high"]]
            if len(not_high):
                assert row["false_high_rate"] == pytest.approx(not_high["labelled_high"].mean())
            truly_high = group[group["truly_high"]]
            if len(truly_high):
                assert row["miss_rate"] == pytest.approx(1 - truly_high["labelled_high"].mean())


def test_fairness_drivers_explain_the_largest_gap(built: BuiltProject) -> None:
    """The top driver of each group is the feature with the largest mean contribution gap."""
    # hand-set scores (one method per user and trait)
    explanations = query(
        built,
        "select explanations.trait, explanations.feature_name, explanations.contribution, "
        "users.gender from marts.fct_trait_explanations as explanations "
        "inner join marts.dim_users as users on explanations.user_id = users.user_id "
        "where explanations.method = 'hand-set'",
    )
    population = explanations.groupby(["trait", "feature_name"])["contribution"].mean()
    by_group = explanations.groupby(["trait", "gender", "feature_name"])["contribution"].mean()
    gaps = by_group - population.reindex(by_group.index.droplevel("gender")).to_numpy()
    drivers = query(
        built,
        "select trait, group_value, feature_name, contribution_gap from "
        "marts.fct_fairness_group_drivers where group_dimension = 'gender' and gap_rank = 1",
    )
    for row in drivers.itertuples():
        group_gaps = gaps.loc[(row.trait, row.group_value)]
        assert row.feature_name == group_gaps.abs().idxmax()
        assert row.contribution_gap == pytest.approx(group_gaps.loc[row.feature_name])
    assert np.isfinite(drivers["contribution_gap"]).all()
