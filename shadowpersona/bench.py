"""The benchmark behind `make bench`: two generated worlds of the same days and seed, one
small and one large (about 1M and 10M events by default), every step timed on the same data.

The build is timed at both sizes, interleaved (small, large, small, large, ...), and so is the
floor: the line through the two points gives each one's fixed cost and its marginal cost per
million events, and the marginal cost is the figure that decides how far the build scales.
Each step runs in a child process of its own, so that its peak memory (the child's maximum
resident set size, from `os.wait4`) is its own and not the benchmark's. Steps:

- ``generate_<size>``: the generator, events per second;
- ``dbt_build_<size>``: `make build` into a fresh database (scripts/build_database.py: the
  raw-file check, then `dbt build` of the seeds, every model and every data test);
- ``append_day_large`` and ``dbt_build_incremental_large``: the generator adds one more daily
  load (with its late and repeated deliveries) to the large world, then `make
  build-incremental` runs on a copy of the full build's database, so that the incremental
  models read only the new load and their data tests check its rows;
- ``floor_<size>``: one DuckDB query that reads the raw events once, sorts them by user and
  time and aggregates per user (events and sessions): the least work any sessionising
  pipeline must do, so the pipeline's cost is reported as a ratio to it;
- ``sessions_duckdb_large`` and ``sessions_pandas_large``: the same representative part of the
  feature work (sessionisation by inactivity gap, per-session and per-user aggregates), once
  in DuckDB SQL and once in pandas, the way the original ShadowPersona did its feature
  engineering. Their results are compared value for value before their times are.
"""

from __future__ import annotations

import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024

# Both implementations of the representative feature work must agree to this relative
# tolerance (medians and means of doubles; everything else is exact).
RESULT_RTOL = 1e-9


@dataclass
class StepResult:
    """One step's runs: wall seconds of each, and the largest peak memory of any run."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    detail: dict = field(default_factory=dict)

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)


def run_child(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command; return its wall seconds, its own peak RSS in MiB, and its stdout.

    A failed step stops the benchmark with the step's own output, rather than a number that
    measures a failure.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # communicate() reaps the child, which would lose its rusage: read the pipes, then wait4.
    stdout, stderr = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(
            f"benchmark step failed (exit {process.returncode}): {' '.join(command)}\n"
            f"{stdout[-3000:]}\n{stderr[-3000:]}"
        )
    return seconds, usage.ru_maxrss / 1024, stdout  # ru_maxrss is in KiB on Linux


def floor_sql(events_glob: str, gap_minutes: int) -> str:
    return f"""
        create table floor_per_user as
        select
            user_id,
            count(*) as n_events,
            count(*) filter (where gap is null or gap > interval {gap_minutes} minute)
                as n_sessions
        from (
            select
                user_id,
                event_at - lag(event_at) over (partition by user_id order by event_at) as gap
            from read_parquet('{events_glob}')
        )
        group by user_id
    """


def sessions_sql(events_glob: str, gap_minutes: int) -> str:
    """Sessionisation and per-user aggregates in DuckDB: the same logic as `sessions_pandas`,
    written as int_sessions__events cuts sessions (a `lag` window finds the starts, which are
    numbered on their own, and each event joins its session by an as-of join: 1.7x faster
    than a running sum over every event)."""
    return f"""
        create table sessions_per_user as
        with events as (
            select
                user_id, event_id, event_type, feed_position, dwell_ms, event_at,
                lag(event_at) over (partition by user_id order by event_at, event_id)
                    as previous_event_at
            from read_parquet('{events_glob}')
        ),
        starts as (
            select
                user_id,
                event_at as started_at,
                row_number() over (partition by user_id order by event_at) as session_number
            from events
            where previous_event_at is null
                or event_at - previous_event_at > interval {gap_minutes} minute
        ),
        sessions as (
            select
                events.user_id,
                starts.session_number,
                epoch_ms(max(events.event_at + to_milliseconds(coalesce(events.dwell_ms, 0))))
                    - epoch_ms(min(events.event_at)) as duration_ms,
                count(*) as n_events,
                count(*) filter (where events.event_type = 'impression') as n_impressions,
                coalesce(max(events.feed_position), 0) as scroll_depth_items,
                coalesce(sum(events.dwell_ms), 0) as engaged_ms
            from events
            asof join starts
                on events.user_id = starts.user_id and events.event_at >= starts.started_at
            group by all
        )
        select
            user_id,
            count(*) as n_sessions,
            sum(n_events) as n_events,
            sum(n_impressions) as n_impressions,
            median(duration_ms) / 60000.0 as median_session_min,
            avg(scroll_depth_items) as avg_scroll_depth_items,
            sum(engaged_ms) / 60000.0 as total_engaged_min
        from sessions
        group by user_id
    """


def sessions_pandas(events_glob: str, gap_minutes: int) -> pd.DataFrame:
    """The same work in pandas: sort, gap flags, cumulative session numbers, two group-bys."""

    columns = ["user_id", "event_id", "event_type", "feed_position", "dwell_ms", "event_at"]
    events = ds.dataset(sorted(glob.glob(events_glob))).to_table(columns=columns).to_pandas()
    events = events.sort_values(["user_id", "event_at", "event_id"], kind="stable")
    gap = events.groupby("user_id", sort=False)["event_at"].diff()
    starts = gap.isna() | (gap > pd.Timedelta(minutes=gap_minutes))
    events["session_number"] = starts.astype("int64").groupby(events["user_id"]).cumsum()
    dwell = events["dwell_ms"].fillna(0).astype("int64")
    events["ended_at"] = events["event_at"] + pd.to_timedelta(dwell, unit="ms")
    events["is_impression"] = (events["event_type"] == "impression").astype("int64")
    sessions = events.groupby(["user_id", "session_number"], sort=False).agg(
        started_at=("event_at", "min"),
        ended_at=("ended_at", "max"),
        n_events=("event_id", "size"),
        n_impressions=("is_impression", "sum"),
        scroll_depth_items=("feed_position", "max"),
        engaged_ms=("dwell_ms", "sum"),
    )
    sessions["duration_ms"] = (
        sessions["ended_at"] - sessions["started_at"]
    ).dt.total_seconds() * 1000
    sessions["scroll_depth_items"] = sessions["scroll_depth_items"].fillna(0)
    per_user = sessions.groupby(level="user_id").agg(
        n_sessions=("n_events", "size"),
        n_events=("n_events", "sum"),
        n_impressions=("n_impressions", "sum"),
        median_duration_ms=("duration_ms", "median"),
        avg_scroll_depth_items=("scroll_depth_items", "mean"),
        engaged_ms=("engaged_ms", "sum"),
    )
    per_user["median_session_min"] = per_user.pop("median_duration_ms") / 60000.0
    per_user["total_engaged_min"] = per_user.pop("engaged_ms") / 60000.0
    return per_user.reset_index()


def events_glob(raw: Path) -> str:
    return str(raw / "events" / "load_date=*" / "*.parquet")


def duckdb_connection(database: str, memory_limit: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(database)
    connection.execute(f"set memory_limit = '{memory_limit}'")
    connection.execute("set preserve_insertion_order = false")
    return connection


def worker(step: str, raw: Path, out: Path, gap_minutes: int, memory_limit: str) -> dict:
    """One timed step inside its own process; writes what it computed beside `out`."""
    pattern = events_glob(raw)
    started = time.perf_counter()
    if step == "floor":
        connection = duckdb_connection(":memory:", memory_limit)
        connection.execute(floor_sql(pattern, gap_minutes))
        rows = connection.execute("select count(*) from floor_per_user").fetchone()[0]
    elif step == "sessions_duckdb":
        out.unlink(missing_ok=True)
        connection = duckdb_connection(str(out), memory_limit)
        connection.execute(sessions_sql(pattern, gap_minutes))
        rows = connection.execute("select count(*) from sessions_per_user").fetchone()[0]
        connection.close()
    elif step == "sessions_pandas":
        per_user = sessions_pandas(pattern, gap_minutes)
        rows = len(per_user)
        seconds = time.perf_counter() - started
        per_user.to_parquet(out)  # not timed: only written so the results can be compared
        return {"seconds": seconds, "rows": rows}
    else:
        raise ValueError(f"unknown benchmark step {step!r}")
    return {"seconds": time.perf_counter() - started, "rows": rows}


def compare_session_results(duckdb_file: Path, pandas_file: Path) -> dict:
    """The two implementations must agree on every user and every figure, or the timing
    comparison means nothing."""
    connection = duckdb.connect(str(duckdb_file), read_only=True)
    mismatches = connection.execute(
        f"""
        select count(*)
        from sessions_per_user as sql_side
        full outer join read_parquet('{pandas_file}') as pandas_side
            on sql_side.user_id = pandas_side.user_id
        where sql_side.user_id is null or pandas_side.user_id is null
            or sql_side.n_sessions <> pandas_side.n_sessions
            or sql_side.n_events <> pandas_side.n_events
            or sql_side.n_impressions <> pandas_side.n_impressions
            or abs(sql_side.median_session_min - pandas_side.median_session_min)
                > {RESULT_RTOL} * greatest(1, abs(pandas_side.median_session_min))
            or abs(sql_side.avg_scroll_depth_items - pandas_side.avg_scroll_depth_items)
                > {RESULT_RTOL} * greatest(1, abs(pandas_side.avg_scroll_depth_items))
            or abs(sql_side.total_engaged_min - pandas_side.total_engaged_min)
                > {RESULT_RTOL} * greatest(1, abs(pandas_side.total_engaged_min))
        """
    ).fetchone()[0]
    users = connection.execute("select count(*) from sessions_per_user").fetchone()[0]
    return {"users_compared": users, "mismatched_users": mismatches}


def count_events(raw: Path, loads: str = "load_date=*") -> int:
    """Rows in the raw events (deliveries, duplicates included) of the loads matching `loads`."""
    return sum(
        pq.ParquetFile(path).metadata.num_rows
        for path in (raw / "events").glob(f"{loads}/*.parquet")
    )


def last_load_date(raw: Path) -> str:
    return max(path.name for path in (raw / "events").glob("load_date=*")).split("=", 1)[1]


def dbt_build_into(
    database: Path, raw: Path, target: Path, env: dict[str, str], *options: str
) -> tuple[float, float]:
    """The build a user runs, `make build` (or `make build-incremental` with the option
    "--incremental"), of `raw` into `database`, with dbt's target and logs in `target`."""
    command = [sys.executable, "scripts/build_database.py", "--raw", str(raw)]
    command += ["--database", str(database), *options]
    command += ["--", "--target-path", str(target), "--log-path", str(target / "logs")]
    seconds, rss, _ = run_child(command, env=env)
    return seconds, rss


@dataclass
class BenchConfig:
    """Two worlds of the same days and seed that differ only in their number of users: the
    build's time at the two sizes gives its fixed cost and its marginal cost per event."""

    small_users: int
    large_users: int
    days: int
    seed: int
    repeats: int
    dbt_repeats: int
    work: Path
    gap_minutes: int = 30
    memory_limit: str = "6GB"
    # Realistic delivery faults, so that the incremental build has late and repeated
    # deliveries to deal with (the default world has none).
    late_share: float = 0.02
    duplicate_share: float = 0.01

    @property
    def sizes(self) -> dict[str, int]:
        return {"small": self.small_users, "large": self.large_users}


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cost_line(events: dict[str, int], seconds: dict[str, float]) -> dict:
    """The line through the (million events, seconds) points of the two sizes: its slope is
    the marginal cost per million events, its intercept the fixed cost."""
    millions = {size: count / 1e6 for size, count in events.items()}
    marginal = (seconds["large"] - seconds["small"]) / (millions["large"] - millions["small"])
    return {
        "fixed_s": seconds["small"] - marginal * millions["small"],
        "marginal_s_per_million_events": marginal,
    }


def run_benchmark(config: BenchConfig) -> dict:
    python = sys.executable
    config.work.mkdir(parents=True, exist_ok=True)
    raws = {size: config.work / f"raw-{size}" for size in config.sizes}
    steps: dict[str, StepResult] = {}

    # The generator: the large world `repeats` times (its speed), the small one once.
    events: dict[str, int] = {}
    for size, users in config.sizes.items():
        generate = StepResult(f"generate_{size}")
        command = [python, "scripts/generate_data.py", "--users", str(users)]
        command += ["--days", str(config.days), "--seed", str(config.seed)]
        command += ["--out", str(raws[size]), "--late-share", str(config.late_share)]
        command += ["--duplicate-share", str(config.duplicate_share), "--quiet"]
        runs = config.repeats if size == "large" else 1
        for run in range(runs):
            progress(f"generator, {size} world ({users:,} users), run {run + 1} of {runs}")
            seconds, rss, _ = run_child(command)
            generate.seconds.append(seconds)
            generate.peak_rss_mib = max(generate.peak_rss_mib, rss)
        events[size] = count_events(raws[size])
        generate.detail = {"events": events[size], "events_per_s": events[size] / generate.median_s}
        steps[generate.name] = generate
    if events["small"] >= events["large"]:
        raise RuntimeError(
            f"the small world has {events['small']:,} events and the large one "
            f"{events['large']:,}: give --small-users fewer users than --large-users"
        )

    # The cheap steps, interleaved run by run (and the floor size by size), so that a change
    # in the machine's load shifts every step alike and the ratios survive it.
    cheap = [("floor", "small"), ("floor", "large")]
    cheap += [("sessions_duckdb", "large"), ("sessions_pandas", "large")]
    worker_files = {
        "sessions_duckdb": config.work / "sessions_duckdb.duckdb",
        "sessions_pandas": config.work / "sessions_pandas.parquet",
        "floor": config.work / "floor.unused",
    }
    for name, size in cheap:
        steps[f"{name}_{size}"] = StepResult(f"{name}_{size}")
    for run in range(config.repeats):
        for name, size in cheap:
            step = steps[f"{name}_{size}"]
            progress(f"{step.name}, run {run + 1} of {config.repeats}")
            command = [python, "-m", "shadowpersona.bench", name, str(raws[size])]
            command += [str(worker_files[name]), str(config.gap_minutes), config.memory_limit]
            _, rss, stdout = run_child(command)
            reported = json.loads(stdout.strip().splitlines()[-1])
            step.seconds.append(reported["seconds"])
            step.peak_rss_mib = max(step.peak_rss_mib, rss)
            step.detail = {"rows": reported["rows"]}
    agreement = compare_session_results(
        worker_files["sessions_duckdb"], worker_files["sessions_pandas"]
    )

    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "DO_NOT_TRACK": "1",
        "SHADOWPERSONA_TMP": str(config.work / "duckdb_tmp"),
        "SHADOWPERSONA_MEMORY_LIMIT": config.memory_limit,
    }
    databases = {size: config.work / f"bench-full-{size}.duckdb" for size in config.sizes}
    targets = {size: config.work / f"target-{size}" for size in config.sizes}
    for size in config.sizes:
        steps[f"dbt_build_{size}"] = StepResult(f"dbt_build_{size}")
    for run in range(config.dbt_repeats):
        for size in config.sizes:
            step = steps[f"dbt_build_{size}"]
            databases[size].unlink(missing_ok=True)
            progress(f"dbt build, {size} world, run {run + 1} of {config.dbt_repeats}")
            seconds, rss = dbt_build_into(databases[size], raws[size], targets[size], env)
            step.seconds.append(seconds)
            step.peak_rss_mib = max(step.peak_rss_mib, rss)
    for size in config.sizes:
        steps[f"dbt_build_{size}"].detail = {
            "slowest_nodes": slowest_nodes(targets[size] / "run_results.json")
        }

    # One more day of the large world: the generator appends its load (timed once: it
    # re-simulates only the last days), then each incremental run starts from a copy of the
    # full build.
    progress("generator, appending one day to the large world")
    append_command = [python, "scripts/generate_data.py", "--append-days", "1"]
    append_command += ["--out", str(raws["large"]), "--quiet"]
    seconds, rss, _ = run_child(append_command)
    steps["append_day_large"] = StepResult("append_day_large", [seconds], rss)
    incremental = StepResult("dbt_build_incremental_large")
    incremental_database = config.work / "bench-incremental.duckdb"
    target = config.work / "target-incremental"
    for run in range(config.dbt_repeats):
        shutil.copyfile(databases["large"], incremental_database)
        progress(f"incremental dbt build of the new day, run {run + 1} of {config.dbt_repeats}")
        seconds, rss = dbt_build_into(
            incremental_database, raws["large"], target, env, "--incremental"
        )
        incremental.seconds.append(seconds)
        incremental.peak_rss_mib = max(incremental.peak_rss_mib, rss)
    incremental.detail = {
        "new_load_events": count_events(
            raws["large"], f"load_date={last_load_date(raws['large'])}"
        ),
        "slowest_nodes": slowest_nodes(target / "run_results.json"),
    }
    steps[incremental.name] = incremental
    incremental_database.unlink(missing_ok=True)
    for database in databases.values():
        database.unlink(missing_ok=True)

    build_line = cost_line(events, {size: steps[f"dbt_build_{size}"].median_s for size in events})
    floor_line = cost_line(events, {size: steps[f"floor_{size}"].median_s for size in events})
    large = {name: steps[f"{name}_large"].median_s for name in ("dbt_build", "floor")}
    return {
        "data": {
            "days": config.days,
            "seed": config.seed,
            "sizes": {
                size: {"users": users, "events": events[size]}
                for size, users in config.sizes.items()
            },
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "steps": {
            name: {**asdict(step), "median_s": step.median_s} for name, step in steps.items()
        },
        "cost": {"dbt_build": build_line, "floor": floor_line},
        "ratios": {
            "marginal_over_floor_marginal": build_line["marginal_s_per_million_events"]
            / floor_line["marginal_s_per_million_events"],
            "dbt_build_over_floor_large": large["dbt_build"] / large["floor"],
            "incremental_over_full_build_large": incremental.median_s / large["dbt_build"],
            "sessions_duckdb_over_floor_large": steps["sessions_duckdb_large"].median_s
            / large["floor"],
            "pandas_over_sessions_duckdb_large": steps["sessions_pandas_large"].median_s
            / steps["sessions_duckdb_large"].median_s,
            "pandas_over_sessions_duckdb_peak_memory_large": steps[
                "sessions_pandas_large"
            ].peak_rss_mib
            / steps["sessions_duckdb_large"].peak_rss_mib,
        },
        "sessions_agreement": agreement,
    }


def slowest_nodes(run_results: Path, top: int = 8) -> list[dict]:
    results = json.loads(run_results.read_text())["results"]
    ranked = sorted(results, key=lambda result: result["execution_time"], reverse=True)
    return [
        {"node": result["unique_id"], "seconds": round(result["execution_time"], 2)}
        for result in ranked[:top]
    ]


def summary_lines(result: dict) -> list[str]:
    data, steps, ratios, cost = result["data"], result["steps"], result["ratios"], result["cost"]
    sizes = data["sizes"]
    lines = [
        f"Data: {data['days']} days, seed {data['seed']}; small {sizes['small']['users']:,} "
        f"users, {sizes['small']['events']:,} events; large {sizes['large']['users']:,} users, "
        f"{sizes['large']['events']:,} events; {result['machine']['cpus']} CPUs",
        f"{'step':<30}{'median s':>10}{'runs':>6}{'peak MiB':>10}",
    ]
    for name, step in steps.items():
        lines.append(
            f"{name:<30}{step['median_s']:>10.2f}{len(step['seconds']):>6}"
            f"{step['peak_rss_mib']:>10.0f}"
        )
    build, floor = cost["dbt_build"], cost["floor"]
    lines += [
        f"generator: {steps['generate_large']['detail']['events_per_s'] / 1e6:.2f} M events/s",
        f"fixed cost: dbt build {build['fixed_s']:.1f} s, floor {floor['fixed_s']:.2f} s",
        f"marginal cost per million events: dbt build "
        f"{build['marginal_s_per_million_events']:.2f} s, floor "
        f"{floor['marginal_s_per_million_events']:.3f} s: "
        f"{ratios['marginal_over_floor_marginal']:.1f}x the floor's",
        f"dbt build / floor at the large size: {ratios['dbt_build_over_floor_large']:.1f}x",
        f"incremental build of one more day / full build: "
        f"{ratios['incremental_over_full_build_large']:.0%} "
        f"({steps['dbt_build_incremental_large']['detail']['new_load_events']:,} events in the "
        "new load)",
        f"sessions in DuckDB / floor: {ratios['sessions_duckdb_over_floor_large']:.1f}x",
        f"pandas / DuckDB (same sessionisation, same results): "
        f"{ratios['pandas_over_sessions_duckdb_large']:.1f}x the time, "
        f"{ratios['pandas_over_sessions_duckdb_peak_memory_large']:.1f}x the peak memory",
        f"peak memory of the large build: "
        f"{steps['dbt_build_large']['peak_rss_mib'] / 1024:.2f} GiB",
        f"results compared: {result['sessions_agreement']['users_compared']:,} users, "
        f"{result['sessions_agreement']['mismatched_users']} mismatched",
    ]
    return lines


if __name__ == "__main__":
    # `python -m shadowpersona.bench STEP RAW OUT GAP_MINUTES MEMORY_LIMIT`: one timed step,
    # run by run_benchmark in a process of its own; prints its result as one JSON line.
    step_name, raw_dir, out_file, gap, limit = sys.argv[1:6]
    print(json.dumps(worker(step_name, Path(raw_dir), Path(out_file), int(gap), limit)))
