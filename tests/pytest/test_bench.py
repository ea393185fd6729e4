"""The benchmark's comparison is only fair if pandas and DuckDB compute the same thing: both
implementations of the sessionisation must agree value for value, and the comparison must
notice when they do not. The floor must count what it claims to count."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from shadowpersona import bench
from shadowpersona.generator import GeneratorConfig, generate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "raw"
    generate(GeneratorConfig(users=150, days=4, seed=3, start_date=date(2026, 10, 1)), out)
    return out


def test_duckdb_and_pandas_sessionisation_agree_and_mismatches_are_caught(
    raw: Path, tmp_path: Path
) -> None:
    duckdb_file, pandas_file = tmp_path / "s.duckdb", tmp_path / "s.parquet"
    sql_side = bench.worker("sessions_duckdb", raw, duckdb_file, 30, "1GB")
    pandas_side = bench.worker("sessions_pandas", raw, pandas_file, 30, "1GB")
    assert sql_side["rows"] == pandas_side["rows"] > 100
    assert bench.compare_session_results(duckdb_file, pandas_file) == {
        "users_compared": sql_side["rows"],
        "mismatched_users": 0,
    }

    # One user's engaged time off by a second must be reported as one mismatched user.
    frame = pd.read_parquet(pandas_file)
    frame.loc[0, "total_engaged_min"] += 1 / 60
    frame.to_parquet(pandas_file)
    assert bench.compare_session_results(duckdb_file, pandas_file)["mismatched_users"] == 1


def test_floor_counts_events_and_gap_sessions(raw: Path) -> None:
    pattern = bench.events_glob(raw)
    connection = duckdb.connect()
    connection.execute(bench.floor_sql(pattern, 30))
    total_events, total_sessions = connection.execute(
        "select sum(n_events), sum(n_sessions) from floor_per_user"
    ).fetchone()
    assert total_events == bench.count_events(raw)
    # Sessions counted independently: sort in pandas, a session starts after a > 30 min gap.
    events = pd.read_parquet(raw / "events", columns=["user_id", "event_at"])
    events = events.sort_values(["user_id", "event_at"])
    gaps = events.groupby("user_id")["event_at"].diff()
    assert total_sessions == int((gaps.isna() | (gaps > pd.Timedelta(minutes=30))).sum())


def test_bench_rejects_bad_arguments_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--small-users", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bench.py: error: argument --small-users: must be a positive whole number, got 0 "
        "(see --help)"
    ]


def test_bench_refuses_a_small_world_no_smaller_than_the_large_one() -> None:
    """Two equal sizes give no line: the marginal cost would divide by zero."""
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--small-users", "900", "--large-users", "900"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bench.py: error: --small-users (900) must be fewer than --large-users (900) (see --help)"
    ]


def test_the_cost_line_goes_through_both_sizes() -> None:
    """Fixed and marginal cost are the intercept and slope of the line through the two
    (million events, seconds) points: both points must lie on it."""
    events = {"small": 1_200_000, "large": 9_700_000}
    seconds = {"small": 31.0, "large": 87.5}
    line = bench.cost_line(events, seconds)
    for size in events:
        fitted = line["fixed_s"] + line["marginal_s_per_million_events"] * events[size] / 1e6
        assert fitted == pytest.approx(seconds[size])
    assert line["marginal_s_per_million_events"] == pytest.approx(56.5 / 8.5)


def test_the_new_load_is_found_and_counted(raw: Path) -> None:
    """The incremental step reports the size of the load it adds: the newest load folder."""
    assert bench.last_load_date(raw) == "2026-10-04"
    per_load = pd.read_parquet(raw / "events", columns=["event_id", "load_date"])
    sizes = per_load["load_date"].astype(str).value_counts()
    assert bench.count_events(raw, "load_date=2026-10-04") == sizes["2026-10-04"] > 1000
    assert bench.count_events(raw) == len(per_load) == sizes.sum()
