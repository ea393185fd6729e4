"""The analysis of the simulated A/B experiments: one row per change (scenario) per segment
(`all` and each persona) per outcome, comparing the user-level outcomes of the two arms
(int_experiment__simulated_users).

Welch's unequal-variance t: the difference of the arm means, its standard error
sqrt(s_t^2 / n_t + s_c^2 / n_c), the Welch-Satterthwaite degrees of freedom, a two-sided
p-value and a confidence interval from Student's t at those degrees of freedom (not the
normal approximation, which is too narrow for the smaller personas). A dbt Python model
because SQL has no t distribution; SciPy's is used for the quantile and the tail only, the
statistic itself is written out below (tests/pytest/test_experiments.py recomputes it with
scipy.stats.ttest_ind). Contracts are not enforced on Python models, so the typed, tested
mart is marts.fct_experiment_results.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

OUTCOMES = ["p_reach_share", "p_reach_ad_click", "expected_events", "expected_posts_seen"]
ALL = "all"
MIN_USERS_PER_ARM = 2


def welch_comparison(control: np.ndarray, treatment: np.ndarray, alpha: float) -> dict[str, float]:
    """Welch's t comparison of treatment against control, with a (1 - alpha) interval."""
    n_control, n_treatment = control.size, treatment.size
    mean_control, mean_treatment = float(control.mean()), float(treatment.mean())
    var_control, var_treatment = float(control.var(ddof=1)), float(treatment.var(ddof=1))
    difference = mean_treatment - mean_control
    share_control, share_treatment = var_control / n_control, var_treatment / n_treatment
    standard_error = float(np.sqrt(share_control + share_treatment))
    if standard_error == 0.0:
        # Both arms constant: no uncertainty to speak of (pooled df, a degenerate interval).
        df = float(n_control + n_treatment - 2)
        t_statistic = 0.0 if difference == 0 else float(np.sign(difference) * np.inf)
        p_value = 1.0 if difference == 0 else 0.0
        half_width = 0.0
    else:
        df = (share_control + share_treatment) ** 2 / (
            share_control**2 / (n_control - 1) + share_treatment**2 / (n_treatment - 1)
        )
        t_statistic = difference / standard_error
        p_value = float(2.0 * stats.t.sf(abs(t_statistic), df))
        half_width = float(stats.t.ppf(1.0 - alpha / 2.0, df)) * standard_error
    return {
        "n_users_control": n_control,
        "n_users_treatment": n_treatment,
        "mean_control": mean_control,
        "mean_treatment": mean_treatment,
        "sd_control": float(np.sqrt(var_control)),
        "sd_treatment": float(np.sqrt(var_treatment)),
        "difference": difference,
        "standard_error": standard_error,
        "welch_df": float(df),
        "t_statistic": float(t_statistic),
        "p_value": p_value,
        "ci_low": difference - half_width,
        "ci_high": difference + half_width,
    }


def tolerance_t(tolerance_se: float, df: float) -> float:
    """The Student t quantile at df with the tail of tolerance_se on the normal: the same
    false-alarm rate for a small segment as tolerance_se standard errors for a large one."""
    return float(stats.t.ppf(stats.norm.cdf(tolerance_se), df))


def power_z_sum(alpha: float, power: float) -> float:
    """z_(1 - alpha/2) + z_(power): n per arm = this^2 (s_c^2 + s_t^2) / effect^2."""
    return float(stats.norm.ppf(1.0 - alpha / 2.0) + stats.norm.ppf(power))


def compare_arms(
    users: pd.DataFrame, alpha: float, power: float, tolerance_se: float
) -> pd.DataFrame:
    """One row per scenario x segment x outcome from the per-user outcomes; a segment with
    fewer than two users in an arm is left out."""
    by_segment = pd.concat(
        [users.assign(segment=ALL), users.assign(segment=users["persona"])], ignore_index=True
    )
    z_sum = power_z_sum(alpha, power)
    records = []
    for (scenario, segment), rows in by_segment.groupby(["scenario", "segment"], sort=True):
        rows = rows.sort_values("user_id")
        treated = rows["is_treatment"].astype(bool).to_numpy()
        if min(treated.sum(), (~treated).sum()) < MIN_USERS_PER_ARM:
            continue  # a variance needs two users per arm (small worlds' rarest personas)
        for outcome in OUTCOMES:
            values = rows[outcome].to_numpy(dtype=float)
            comparison = welch_comparison(values[~treated], values[treated], alpha)
            records.append(
                {
                    "scenario": scenario,
                    "segment": segment,
                    "outcome": outcome,
                    "n_sessions_per_user": int(rows["n_sessions"].max()),
                    **comparison,
                    "confidence_level": 1.0 - alpha,
                    "power_z_sum": z_sum,
                    "tolerance_t": tolerance_t(tolerance_se, comparison["welch_df"]),
                }
            )
    return pd.DataFrame.from_records(records)


def model(dbt, session):
    dbt.config(materialized="table")
    users = dbt.ref("int_experiment__simulated_users").df()
    return compare_arms(
        users,
        alpha=float(dbt.config.get("alpha")),
        power=float(dbt.config.get("power")),
        tolerance_se=float(dbt.config.get("tolerance_se")),
    )
