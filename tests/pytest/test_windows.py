"""Time windows, end to end on the default world: the learning curve and drift.

The windowed features reuse the whole-period SQL (macros), so at the horizon that spans the
whole world they must reproduce the whole-period features; the learning curve must rise with
the days observed; the PSI and its baseline bins are recomputed in NumPy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.pytest.conftest import BuiltProject

pytestmark = pytest.mark.e2e

# The learning curve is "monotone enough to be meaningful" when, for every trait:
#   - rho at the longest horizon is at least rho after the first horizon + RHO_MIN_GAIN, and
#   - rho falls from one horizon to the next at most once, and by at most RHO_MAX_DIP.
RHO_MIN_GAIN = 0.05
RHO_MAX_DIP = 0.02
# Features that do not lean on a population rate: at the full horizon they are computed from
# exactly the same rows, and the rates per day over the same observed local days, as the
# whole-period features.
SAME_ROWS_FEATURES = (
    "sessions_per_day",
    "engaged_min_per_day",
    "avg_scroll_depth_items",
    "median_session_min",
    "late_night_session_share",
    "scroll_speed_items_per_min",
    "category_entropy",
    "top_category_share",
    "outrage_exposure_share",
    "outrage_dwell_lift",
    "rage_clicks_per_100_views",
    "likes_per_100_views",
    "median_time_to_act_share",
)


def query(built: BuiltProject, sql: str) -> pd.DataFrame:
    with built.connect() as connection:
        return connection.sql(sql).df()


def test_learning_curve_is_monotone_enough(built: BuiltProject) -> None:
    curve = query(
        built,
        "select trait, horizon_days, spearman_rho, n_users from marts.eval_learning_curve "
        "where method = 'hand-set' order by trait, horizon_days",
    )
    horizons = sorted(curve["horizon_days"].unique())
    assert horizons[0] == 1 and horizons[-1] == built.config.days, horizons
    # A fixed cohort: the same people at every horizon.
    assert curve.groupby("trait")["n_users"].nunique().eq(1).all()
    for trait, rows in curve.groupby("trait"):
        rho = rows["spearman_rho"].to_numpy()
        assert rho[-1] >= rho[0] + RHO_MIN_GAIN, (trait, rho)
        steps = np.diff(rho)
        assert (steps < 0).sum() <= 1, (trait, rho)
        assert steps.min() >= -RHO_MAX_DIP, (trait, rho)


def test_longest_horizon_recovers_as_well_as_the_whole_period(built: BuiltProject) -> None:
    """At the horizon that spans the world, the windowed scores recover the traits as well as
    the whole-period scores do on the same cohort (recomputed with SciPy)."""
    from scipy.stats import spearmanr

    curve = query(
        built,
        "select trait, spearman_rho from marts.eval_learning_curve "
        f"where method = 'hand-set' and horizon_days = {built.config.days}",
    ).set_index("trait")["spearman_rho"]
    whole = query(
        built,
        "select t.user_id, t.trait, t.raw_score from marts.fct_user_traits as t "
        "where t.method = 'hand-set' "
        "and t.user_id in (select user_id from features.int_user_windows__enumerated "
        "where window_id = 'horizon-01')",
    )
    latent = pq.read_table(built.raw / "latent_traits.parquet").to_pandas()
    paired = whole.merge(latent, on=["user_id", "trait"])
    for trait, rows in paired.groupby("trait"):
        rho = spearmanr(rows["raw_score"], rows["latent_score"]).statistic
        assert curve[trait] == pytest.approx(rho, abs=0.01), trait


def test_full_horizon_features_equal_the_whole_period_features(built: BuiltProject) -> None:
    """Two windows cut from the same rows give the same features: the horizon as long as the
    world, restricted to users whose sessions all started inside it, gives the values of the
    whole period (the window `all`, which also holds the sessions that began after the
    world's last midnight, but is observed over the same days)."""
    columns = ", ".join(
        f"w.{name} as w_{name}, a.{name} as a_{name}" for name in SAME_ROWS_FEATURES
    )
    pairs = query(
        built,
        f"select w.user_id, {columns} "
        "from features.int_user_features__by_window as w "
        "inner join features.int_user_features__combined as a on w.user_id = a.user_id "
        f"where w.window_id = 'horizon-{built.config.days:02d}' "
        "and w.n_sessions = a.n_sessions and w.n_impressions = a.n_impressions "
        # A session that runs past the world's last midnight has events outside the window.
        "and not exists (select 1 from features.int_events__clean as e "
        "inner join features.int_user_windows__enumerated as u on e.user_id = u.user_id "
        "and u.window_id = w.window_id where e.user_id = w.user_id "
        "and e.event_at >= u.window_end_at)",
    )
    n_profiled = query(built, "select count(*) as n from features.int_user_features__combined")[
        "n"
    ][0]
    assert len(pairs) >= 0.95 * n_profiled, (len(pairs), n_profiled)
    for name in SAME_ROWS_FEATURES:
        windowed, whole = pairs[f"w_{name}"], pairs[f"a_{name}"]
        assert windowed.isna().equals(whole.isna()), name
        assert np.allclose(windowed.dropna(), whole.dropna(), rtol=0, atol=1e-9), name


def test_a_day_window_counts_only_that_days_events(built: BuiltProject) -> None:
    """Events observed after one day, recounted from the raw Parquet in local time."""
    windowed = query(
        built,
        "select user_id, n_events from features.int_user_features__by_window "
        "where window_id = 'horizon-01'",
    ).set_index("user_id")["n_events"]
    events = pq.read_table(built.raw / "events", columns=["event_id", "user_id", "event_at"])
    events = events.to_pandas().drop_duplicates("event_id")
    users = query(built, "select user_id, utc_offset_minutes from staging.stg_platform__users")
    events = events.merge(users, on="user_id")
    local = events["event_at"] + pd.to_timedelta(events["utc_offset_minutes"], unit="min")
    first_day = local.dt.normalize().min()
    # The window holds the sessions started on day 1: every event of local day 1 (no session
    # starts earlier), plus the tail of a session that runs past midnight.
    on_day_one = events[local.dt.normalize() == first_day].groupby("user_id").size()
    assert set(windowed.index) == set(on_day_one.index)
    ratio = windowed / on_day_one[windowed.index]
    assert (ratio >= 1).all()
    assert ratio.median() == 1


def test_psi_and_its_bins_match_numpy(built: BuiltProject) -> None:
    weekly = query(
        built,
        "select trait, week_number, raw_score, psi_bin, baseline_band "
        "from marts.fct_user_traits_weekly where method = 'hand-set'",
    )
    psi = query(
        built,
        "select trait, week_number, psi from marts.fct_trait_psi_weekly where method = 'hand-set'",
    ).set_index(["trait", "week_number"])["psi"]
    assert weekly["week_number"].nunique() == built.config.days // 7
    n_bins = 10
    for trait, rows in weekly.groupby("trait"):
        baseline = rows.loc[rows["week_number"] == 1, "raw_score"].to_numpy()
        # percentile_cont is NumPy's default linear interpolation.
        cuts = np.quantile(baseline, np.arange(1, n_bins) / n_bins)
        scores = rows["raw_score"].to_numpy()
        expected_bin = 1 + (scores[:, None] >= cuts[None, :]).sum(axis=1)
        # A score equal to a cut (users tied there: many share one raw score in the realistic
        # world) may fall either side by the last bit of the two quantile computations.
        on_a_cut = np.isclose(scores[:, None], cuts[None, :], rtol=0, atol=1e-9).any(axis=1)
        assert (expected_bin == rows["psi_bin"].to_numpy())[~on_a_cut].all(), trait
        assert on_a_cut.mean() < 0.5, trait  # most rows are still compared
        mart_bin = rows["psi_bin"].to_numpy()
        base_share = np.bincount(mart_bin[rows["week_number"] == 1], minlength=n_bins + 1)[1:]
        base_share = np.maximum(base_share / base_share.sum(), 1e-4)
        for week, week_rows in rows.groupby("week_number"):
            share = np.bincount(week_rows["psi_bin"], minlength=n_bins + 1)[1:]
            share = np.maximum(share / share.sum(), 1e-4)
            expected = float(np.sum((share - base_share) * np.log(share / base_share)))
            assert psi[(trait, week)] == pytest.approx(expected, abs=1e-6), (trait, week)
        # Baseline bands: cut at the baseline week's quartiles (ties stay together, so a
        # trait with many equal scores can have a smaller low band).
        low_below, high_from = np.quantile(baseline, [0.25, 0.75])
        expected_band = np.where(
            scores >= high_from, "high", np.where(scores < low_below, "low", "medium")
        )
        on_a_quartile = np.isclose(scores[:, None], [[low_below, high_from]], rtol=0, atol=1e-9)
        matches = expected_band == rows["baseline_band"].to_numpy()
        assert matches[~on_a_quartile.any(axis=1)].all(), trait


def test_weekly_scores_are_on_the_baseline_scale(built: BuiltProject) -> None:
    """Weeks are standardised against week 1, not each against itself: later weeks' mean
    z-scores are not all exactly 0 (they would be, by construction, if each week were
    scaled on itself), while week 1's are 0 up to clipping."""
    means = query(
        built,
        "select w.window_number, s.feature_name, avg(s.z_score) as mean_z "
        "from features.int_feature_scores__by_window as s "
        "inner join features.int_user_windows__enumerated as w "
        "on s.window_id = w.window_id and s.user_id = w.user_id "
        "where w.window_type = 'week' and not s.is_imputed group by all",
    )
    baseline = means.loc[means["window_number"] == 1, "mean_z"]
    later = means.loc[means["window_number"] > 1, "mean_z"]
    assert baseline.abs().max() < 0.05
    assert later.abs().max() > 0.01


def test_a_stationary_world_shows_no_significant_drift(built: BuiltProject) -> None:
    """The generator has no trend: behaviour is drawn the same way every week. Chance alone
    gives a PSI of about (bins - 1) x (1/n1 + 1/n2), about 0.01 at this size; nothing should
    read as a significant shift."""
    psi = query(built, "select trait, week_number, psi, stability from marts.fct_trait_psi_weekly")
    assert (psi.loc[psi["week_number"] == 1, "psi"] == 0).all()
    assert (psi["stability"] != "significant").all(), psi
