"""Simulated A/B experiments of the what-if changes (models/*/experiments).

The first tests take the dbt Python models' functions on inputs small enough to solve by hand
(Welch's statistics, the session walk through stacked matrices). The end-to-end ones
recompute the published figures independently on the default world: the arm split from MD5
in Python, every interval and p-value with scipy.stats.ttest_ind from the per-user outcomes,
the analytic effect of `all` as the persona mix with pandas, and the sample sizes with
scipy.stats.norm.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from tests.pytest.conftest import ROOT, BuiltProject

EXPERIMENTS = ROOT / "models" / "intermediate" / "experiments"
VARS = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
OUTCOMES = ["p_reach_share", "p_reach_ad_click", "expected_events", "expected_posts_seen"]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXPERIMENTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


effects = load("int_experiment__effects")
simulated = load("int_experiment__simulated_users")


# --- the functions, by hand ------------------------------------------------------------------


def test_welch_comparison_of_a_hand_computed_pair() -> None:
    # Control 1, 2, 3: mean 2, variance 1. Treatment 2, 4, 6, 8: mean 5, variance 20/3.
    # SE^2 = 1/3 + (20/3)/4 = 2; df = 2^2 / ((1/3)^2 / 2 + (5/3)^2 / 3) = 216/53.
    result = effects.welch_comparison(np.array([1.0, 2, 3]), np.array([2.0, 4, 6, 8]), 0.05)
    assert result["difference"] == pytest.approx(3.0)
    assert result["standard_error"] == pytest.approx(math.sqrt(2.0))
    assert result["welch_df"] == pytest.approx(216 / 53)
    assert result["t_statistic"] == pytest.approx(3 / math.sqrt(2.0))
    # t(0.975) at 216/53 df lies between the tabled 2.776 (4 df) and 2.571 (5 df).
    half_width = result["ci_high"] - result["difference"]
    assert 2.571 * math.sqrt(2.0) < half_width < 2.776 * math.sqrt(2.0)
    assert result["ci_low"] == pytest.approx(3.0 - half_width)
    # |t| = 2.12 at 4.08 df: two-sided p between its values at 5 df (0.087) and 4 df (0.101).
    assert 0.087 < result["p_value"] < 0.101
    assert (result["n_users_control"], result["n_users_treatment"]) == (3, 4)


def test_welch_comparison_of_constant_arms_is_degenerate_not_missing() -> None:
    same = effects.welch_comparison(np.array([1.0, 1.0]), np.array([1.0, 1.0, 1.0]), 0.05)
    assert (same["difference"], same["p_value"], same["ci_low"], same["ci_high"]) == (
        0.0,
        1.0,
        0.0,
        0.0,
    )


def test_power_z_sum_is_the_textbook_constant() -> None:
    # z(0.975) = 1.95996, z(0.80) = 0.84162 (normal tables): 7.85 = (1.96 + 0.84)^2.
    assert effects.power_z_sum(0.05, 0.8) == pytest.approx(1.95996 + 0.84162, abs=1e-5)


def test_tolerance_widens_for_small_segments() -> None:
    # Many degrees of freedom: the normal's 4 standard errors. At 2 df, Student's t reaches the
    # normal's tail beyond 4 (3.2e-5 a side) only far out: about 126.
    assert effects.tolerance_t(4.0, 1e7) == pytest.approx(4.0, abs=1e-3)
    tail = stats.norm.sf(4.0)
    # The t with 2 df has the closed-form tail 1/2 - t / (2 sqrt(2 + t^2)).
    t_2 = effects.tolerance_t(4.0, 2.0)
    assert 0.5 - t_2 / (2 * math.sqrt(2 + t_2**2)) == pytest.approx(tail, rel=1e-6)
    assert t_2 > 100


def test_walk_follows_each_sessions_own_chain() -> None:
    # States start, x, end. Chain 0: x repeats with 3/4 (4 visits to x on average); chain 1:
    # with 1/2 (2 visits). Sessions alternate between the chains.
    def chain(stay: float) -> np.ndarray:
        p = np.array([[0.0, 1.0, 0.0], [0.0, stay, 1 - stay], [0.0, 0.0, 1.0]])
        cumulative = np.cumsum(p, axis=1)
        cumulative[:, -1] = np.inf
        return cumulative

    stacked = np.stack([chain(0.75), chain(0.5)])
    n = 20_000
    which = np.tile([0, 1], n // 2)
    visits = simulated.walk_sessions(
        stacked, which, 0, np.array([False, False, True]), np.random.default_rng(5), 10_000
    )
    assert (visits[:, 0] == 1).all() and (visits[:, 2] == 1).all()
    for index, expected in ((0, 4.0), (1, 2.0)):
        x = visits[which == index, 1]
        assert abs(x.mean() - expected) <= 4 * x.std(ddof=1) / math.sqrt(x.size)
    with pytest.raises(RuntimeError, match="did not end"):
        simulated.walk_sessions(
            stacked, which, 0, np.array([False, False, True]), np.random.default_rng(5), 2
        )


# --- end to end, on the default world --------------------------------------------------------


def query(built: BuiltProject, sql: str) -> pd.DataFrame:
    with built.connect() as connection:
        return connection.sql(sql).df()


def split_hash(scenario: str, user_id: int) -> float:
    digest = hashlib.md5(f"{scenario}/{user_id}".encode()).hexdigest()
    return int(digest[:8], 16) / 16**8


@pytest.fixture(scope="module")
def users(built: BuiltProject) -> pd.DataFrame:
    return query(built, "select * from features.int_experiment__simulated_users")


@pytest.fixture(scope="module")
def results(built: BuiltProject) -> pd.DataFrame:
    return query(built, "select * from marts.fct_experiment_results")


@pytest.mark.e2e
def test_arms_are_the_md5_split_and_balanced(built: BuiltProject, users: pd.DataFrame) -> None:
    profiled = query(built, "select user_id from marts.fct_user_personas")["user_id"]
    share = VARS["experiment_treatment_share"]
    by_scenario = {}
    for scenario, rows in users.groupby("scenario"):
        assert sorted(rows["user_id"]) == sorted(profiled)
        expected = [split_hash(scenario, user_id) < share for user_id in rows["user_id"]]
        assert rows["is_treatment"].tolist() == expected
        # Balanced: within 4 binomial standard errors of the share.
        n = len(rows)
        assert abs(rows["is_treatment"].mean() - share) <= 4 * math.sqrt(share * (1 - share) / n)
        by_scenario[scenario] = rows.set_index("user_id")["is_treatment"].sort_index()
    # Each change has its own split: two experiments agree on about half the users, not all.
    first, second = list(by_scenario.values())[:2]
    assert 0.4 < (first == second).mean() < 0.6


@pytest.mark.e2e
def test_intervals_and_p_values_match_scipy(users: pd.DataFrame, results: pd.DataFrame) -> None:
    alpha = VARS["experiment_alpha"]
    segments = pd.concat([users.assign(segment="all"), users.assign(segment=users["persona"])])
    checked = 0
    for row in results.itertuples():
        rows = segments[
            (segments["scenario"] == row.scenario) & (segments["segment"] == row.segment)
        ]
        treated = rows["is_treatment"].to_numpy(dtype=bool)
        values = rows[row.outcome].to_numpy(dtype=float)
        test = stats.ttest_ind(values[treated], values[~treated], equal_var=False)
        interval = test.confidence_interval(1 - alpha)
        assert row.n_users_treatment == treated.sum()
        assert row.difference == pytest.approx(values[treated].mean() - values[~treated].mean())
        assert row.t_statistic == pytest.approx(test.statistic, rel=1e-9)
        assert row.welch_df == pytest.approx(test.df, rel=1e-9)
        assert row.p_value == pytest.approx(test.pvalue, rel=1e-7, abs=1e-300)
        assert row.ci_low == pytest.approx(interval.low, rel=1e-9)
        assert row.ci_high == pytest.approx(interval.high, rel=1e-9)
        checked += 1
    # Every change x segment x outcome (4 x 8 x 4 on the default world's seven personas).
    assert checked == len(results) >= 4 * 2 * len(OUTCOMES)


@pytest.mark.e2e
def test_analytic_effect_of_everyone_is_the_persona_mix(
    built: BuiltProject, results: pd.DataFrame
) -> None:
    what_if = query(
        built, "select scenario, segment, outcome, absolute_change from marts.fct_what_if_outcomes"
    )
    sizes = query(
        built, "select persona as segment, count(*) as n from marts.fct_user_personas group by 1"
    )
    mixed = what_if.merge(sizes, on="segment")
    mixed["weighted"] = mixed["absolute_change"] * mixed["n"]
    mix = mixed.groupby(["scenario", "outcome"]).apply(
        lambda rows: rows["weighted"].sum() / rows["n"].sum(), include_groups=False
    )
    everyone = results[results["segment"] == "all"].set_index(["scenario", "outcome"])
    for key, value in everyone["analytic_effect"].items():
        assert value == pytest.approx(mix[key], rel=1e-9, abs=1e-12)
    pooled = what_if[what_if["segment"] == "all"].set_index(["scenario", "outcome"])
    assert (everyone["pooled_chain_effect"] == pooled.loc[everyone.index, "absolute_change"]).all()


@pytest.mark.e2e
def test_sample_sizes_match_the_normal_formula(results: pd.DataFrame) -> None:
    z = stats.norm.ppf(1 - VARS["experiment_alpha"] / 2) + stats.norm.ppf(VARS["experiment_power"])
    with_effect = results[results["has_analytic_effect"]]
    expected = np.maximum(
        2,
        np.ceil(
            z**2
            * (with_effect["sd_control"] ** 2 + with_effect["sd_treatment"] ** 2)
            / with_effect["analytic_effect"] ** 2
        ),
    )
    np.testing.assert_allclose(with_effect["n_users_per_arm_needed"], expected, rtol=1e-9)
    # A change that does nothing (fewer notifications, in a first-order chain) has none.
    assert results.loc[~results["has_analytic_effect"], "n_users_per_arm_needed"].isna().all()
    assert (results["analytic_effect"].abs() > 1e-9).sum() == len(with_effect) > 0


@pytest.mark.e2e
def test_simulated_effects_find_the_analytic_ones(built: BuiltProject) -> None:
    evaluation = query(built, "select * from marts.eval_experiment_vs_analytic")
    # Every row within the tolerance; the 95 % intervals hold the analytic effect on about
    # 95 % of the rows (below 85 % would be five binomial standard errors off on 128 rows).
    assert evaluation["is_within_tolerance"].all()
    results = query(
        built, "select scenario, segment, outcome, welch_df from marts.fct_experiment_results"
    )
    merged = evaluation.merge(results, on=["scenario", "segment", "outcome"])
    tolerance = stats.t.ppf(stats.norm.cdf(VARS["experiment_tolerance_se"]), merged["welch_df"])
    np.testing.assert_allclose(merged["tolerance_t"], tolerance, rtol=1e-9)
    assert (merged["z_score"].abs() <= tolerance).all()
    assert evaluation["is_analytic_in_ci"].mean() >= 0.85
