"""The behaviour marts at the default world, each checked against an independent
recomputation in pandas from the raw Parquet (or from another mart), plus the planted
incident: the anomaly detector must flag it, with at most one false alarm."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from tests.pytest.conftest import ROOT, BuiltProject

pytestmark = pytest.mark.e2e

VARS = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]


def query(built: BuiltProject, sql: str) -> pd.DataFrame:
    with built.connect() as connection:
        return connection.sql(sql).df()


@pytest.fixture(scope="module")
def raw_sessions(built: BuiltProject) -> pd.DataFrame:
    """Events with their session, sessionised in pandas (30-minute gap)."""
    events = pq.read_table(
        built.raw / "events",
        columns=["event_id", "user_id", "event_type", "event_at", "notification_id"],
    ).to_pandas()
    events["event_type"] = events["event_type"].astype(str)
    events = events.drop_duplicates().sort_values(["user_id", "event_at", "event_id"])
    gap = events["event_at"].diff()
    new = (events["user_id"].diff() != 0) | (
        gap > pd.Timedelta(minutes=VARS["session_gap_minutes"])
    )
    events["session_number"] = new.astype(int).groupby(events["user_id"]).cumsum()
    events["session_id"] = (
        events["user_id"].astype(str) + "-" + events["session_number"].astype(str)
    )
    return events.reset_index(drop=True)


def test_planted_outage_is_flagged_with_at_most_one_false_alarm(built: BuiltProject) -> None:
    truth = pq.read_table(built.raw / "incidents.parquet").to_pandas()
    assert list(truth["incident_type"]) == ["outage"]
    evaluation = query(built, "select * from marts.eval_anomaly_detection").set_index(
        "activity_date"
    )
    planted = evaluation.loc[pd.Timestamp(truth["incident_date"][0])]
    assert planted["outcome"] == "true_positive"
    assert planted["sessions_robust_z"] <= -VARS["anomaly_z_threshold"]
    assert (evaluation["outcome"] == "false_positive").sum() <= 1
    assert (evaluation["outcome"] == "true_negative").sum() >= 15


def test_daily_trends_match_the_raw_tables(built: BuiltProject, raw_sessions) -> None:
    starts = raw_sessions.groupby("session_id").agg(
        user_id=("user_id", "first"), at=("event_at", "min")
    )
    starts["date"] = starts["at"].dt.normalize()
    dau = starts.groupby("date")["user_id"].nunique()
    daily = query(built, "select * from marts.fct_daily_trends").set_index("activity_date")
    assert (daily["n_active_users"] == dau.loc[daily.index]).all()
    assert (daily["n_sessions"] == starts.groupby("date").size().loc[daily.index]).all()
    # Trailing 28-day MAU and stickiness, for every day.
    user_days = starts[["user_id", "date"]].drop_duplicates()
    for day in daily.index[::5]:
        in_window = user_days[
            (user_days["date"] <= day) & (user_days["date"] > day - pd.Timedelta(days=28))
        ]
        assert daily.loc[day, "n_active_users_mau_window"] == in_window["user_id"].nunique()
        assert daily.loc[day, "stickiness_dau_mau"] == pytest.approx(
            dau[day] / in_window["user_id"].nunique()
        )
    notifications = pq.read_table(built.raw / "notifications").to_pandas()
    opens = notifications["opened_at"].dropna().dt.normalize().value_counts()
    assert (daily["n_notification_opens"] == opens.reindex(daily.index, fill_value=0)).all()
    ads = pq.read_table(built.raw / "ad_impressions").to_pandas()
    ctr = (
        ads.assign(clicked=ads["clicked_at"].notna())
        .groupby(ads["shown_at"].dt.normalize())["clicked"]
        .mean()
    )
    np.testing.assert_allclose(daily["ad_ctr"], ctr.loc[daily.index], rtol=1e-12)
    # The two first and last UTC dates are the partial edges.
    assert (~daily["is_complete_day"]).sum() == 2 * VARS["partial_edge_days"]


def test_sessions_flags_follow_their_definitions(built: BuiltProject, raw_sessions) -> None:
    sessions = query(built, "select * from marts.fct_sessions")
    assert len(sessions) == raw_sessions["session_id"].nunique()
    engaged = (sessions["engaged_time_s"] >= VARS["engaged_session_min_engaged_s"]) | (
        sessions["n_engagements"] >= 1
    )
    doomscroll = (
        (sessions["scroll_depth_items"] >= VARS["doomscroll_min_items"])
        & (sessions["duration_s"] >= VARS["doomscroll_min_minutes"] * 60)
        & (
            sessions["n_engagements"] * 100
            < VARS["doomscroll_max_engagements_per_100"] * sessions["n_impressions"]
        )
    )
    assert (sessions["is_engaged"] == engaged).all()
    assert (sessions["is_doomscroll"] == doomscroll).all()
    assert 0.5 < engaged.mean() < 0.9
    assert 0.01 < doomscroll.mean() < 0.15
    shares = raw_sessions[raw_sessions["event_type"] == "share"].groupby("session_id").size()
    by_id = sessions.set_index("session_id")["n_shares"]
    assert (by_id == shares.reindex(by_id.index, fill_value=0)).all()


def test_funnels_match_the_raw_tables(built: BuiltProject, raw_sessions) -> None:
    funnel = query(
        built, "select * from marts.fct_funnel_conversion where trait = 'all'"
    ).set_index(["funnel", "step_number"])
    n_sessions = raw_sessions["session_id"].nunique()
    with_share = raw_sessions.loc[raw_sessions["event_type"] == "share", "session_id"].nunique()
    assert funnel.loc[("feed_to_share", 1), "n_reached"] == n_sessions
    assert funnel.loc[("feed_to_share", 4), "n_reached"] == with_share
    notifications = pq.read_table(built.raw / "notifications").to_pandas()
    assert funnel.loc[("notification_to_session", 1), "n_entered"] == len(notifications)
    assert (
        funnel.loc[("notification_to_session", 2), "n_reached"]
        == notifications["opened_at"].notna().sum()
    )
    # Step 3: the session the notification opened lasted 2+ minutes, counted from its start
    # (which must not be before the open: a tap inside a running session does not count).
    durations = query(
        built, "select session_id, session_started_at, duration_s from marts.fct_sessions"
    )
    opened = raw_sessions[
        (raw_sessions["event_type"] == "app_open") & raw_sessions["notification_id"].notna()
    ]
    opened = opened.groupby("notification_id")["session_id"].min().reset_index()
    opened = opened.merge(durations, on="session_id").merge(
        notifications[["notification_id", "opened_at"]], on="notification_id"
    )
    converted = (opened["duration_s"] >= 120) & (
        opened["session_started_at"] + pd.Timedelta(minutes=2) >= opened["opened_at"]
    )
    assert funnel.loc[("notification_to_session", 3), "n_reached"] == converted.sum()
    # Every trait splits the same profiled users into bands.
    bands = query(built, "select * from marts.fct_funnel_conversion where trait != 'all'")
    totals = bands.groupby(["funnel", "step_number", "trait"])["n_entered"].sum().unstack("trait")
    assert (totals.nunique(axis=1) == 1).all()
    assert (totals.iloc[:, 0] <= funnel["n_entered"].loc[totals.index]).all()


def test_top_paths_match_a_pandas_recomputation(built: BuiltProject, raw_sessions) -> None:
    events = raw_sessions[["session_id", "event_type"]]
    previous = events.groupby("session_id")["event_type"].shift()
    steps = events[previous.isna() | (previous != events["event_type"])].copy()
    steps["index"] = steps.groupby("session_id").cumcount()
    steps = steps[steps["index"] < VARS["path_length"]]
    paths = steps.groupby("session_id")["event_type"].agg(list)
    paths = paths.map(lambda path: path if len(path) == VARS["path_length"] else [*path, "end"])
    counts = paths.map(" > ".join).value_counts()
    # Sessions with more collapsed steps than path_length but fewer than path_length after
    # the cut cannot occur: a session with fewer steps is exactly the one that ends.
    top = query(built, "select * from marts.fct_session_paths order by path_rank")
    assert len(top) == VARS["top_paths_k"]
    expected = (
        counts.sort_index().sort_values(ascending=False, kind="stable").head(VARS["top_paths_k"])
    )
    assert list(top["event_path"]) == list(expected.index)
    assert list(top["n_sessions"]) == list(expected.values)


def test_retention_matches_a_pandas_recomputation(built: BuiltProject, raw_sessions) -> None:
    users = pq.read_table(
        built.raw / "users.parquet", columns=["user_id", "signed_up_at"]
    ).to_pandas()
    users["signup_date"] = users["signed_up_at"].dt.normalize()
    starts = raw_sessions.groupby("session_id").agg(
        user_id=("user_id", "first"), at=("event_at", "min")
    )
    user_days = set(zip(starts["user_id"], starts["at"].dt.normalize(), strict=True))
    first, last = starts["at"].min().normalize(), starts["at"].max().normalize()
    cohort = users[users["signup_date"] >= first]
    retention = query(
        built,
        "select period_number, sum(n_observable_users) as n_observable, "
        "sum(n_retained_users) as n_retained from marts.fct_retention_cohorts "
        "where period_unit = 'day' group by period_number",
    ).set_index("period_number")
    for n in (1, 7):
        day = cohort["signup_date"] + pd.Timedelta(days=n)
        observable = cohort[day <= last]
        retained = sum(
            (user, date + pd.Timedelta(days=n)) in user_days
            for user, date in zip(observable["user_id"], observable["signup_date"], strict=True)
        )
        assert retention.loc[n, "n_observable"] == len(observable)
        assert retention.loc[n, "n_retained"] == retained
    assert 0.5 < retention.loc[1, "n_retained"] / retention.loc[1, "n_observable"] < 1


def test_lifecycle_is_consistent_with_activity(built: BuiltProject) -> None:
    lifecycle = query(built, "select * from marts.fct_user_lifecycle")
    daily = lifecycle[lifecycle["period_unit"] == "day"]
    dau = query(built, "select activity_date, n_active_users from marts.fct_daily_trends")
    active = daily[daily["is_active"]].groupby("period_start").size()
    assert (active.loc[dau["activity_date"]].values == dau["n_active_users"].values).all()
    # "new" is the first activity ever: once per user and unit, and never after activity.
    for unit, rows in lifecycle.groupby("period_unit"):
        new = rows[rows["lifecycle_state"] == "new"]
        assert new["user_id"].is_unique, unit
        first_active = rows[rows["is_active"]].groupby("user_id")["period_start"].min()
        assert (new.set_index("user_id")["period_start"] == first_active.loc[new["user_id"]]).all()
    new_per_unit = lifecycle[lifecycle["lifecycle_state"] == "new"].groupby("period_unit").size()
    assert new_per_unit["day"] == new_per_unit["week"] > 50
    # Resurrected follows an inactive period of the same user.
    ordered = daily.sort_values(["user_id", "period_start"])
    previous_active = ordered.groupby("user_id")["is_active"].shift()
    resurrected = ordered["lifecycle_state"] == "resurrected"
    assert (previous_active[resurrected] == False).all()  # noqa: E712
    returning = (ordered["lifecycle_state"] == "returning") & previous_active.notna()
    assert (previous_active[returning] == True).all()  # noqa: E712


def test_report_pages_exist_for_the_behaviour_marts() -> None:
    for page in ("sessions", "trends", "retention"):
        assert (ROOT / "reports" / "pages" / f"{page}.md").exists(), page
