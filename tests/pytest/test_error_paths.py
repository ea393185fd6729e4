"""Error paths of every script and make target: exit code and a one-line message that names
the problem, never a stack trace. Also: an interrupted `make run` or build leaves the previous
database as it was, and running again recovers without manual clean-up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shadowpersona.generator import GeneratorConfig, generate
from tests.pytest.conftest import ROOT, dbt_env

SCRIPTS = ROOT / "scripts"
PYTHON = sys.executable
TINY = GeneratorConfig(users=40, days=2, seed=3, start_date=date(2026, 10, 1))


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("tiny") / "raw"
    generate(TINY, raw)
    return raw


@pytest.fixture
def raw_copy(tiny_raw: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(tiny_raw, copy)
    return copy


def run(*command: str | Path, env: dict[str, str] | None = None, timeout: int = 600):
    return subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


class LockHolder:
    """Another process (as a notebook would) holding a DuckDB file open read-write."""

    def __init__(self, database: Path):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-c",
                "import duckdb, sys, time; connection = duckdb.connect(sys.argv[1]); "
                "print('ready', flush=True); time.sleep(600)",
                str(database),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.process.kill()
        self.process.wait()


def make_marker_database(path: Path) -> None:
    """A database as a build leaves it (a build_info schema: one a build may replace), with a
    marker table to tell it from the one a new build writes."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema build_info")
        connection.execute("create table marker as select 42 as answer")


def has_marker(path: Path) -> bool:
    with duckdb.connect(str(path), read_only=True) as connection:
        return bool(
            connection.sql(
                "select count(*) from duckdb_tables() where table_name = 'marker'"
            ).fetchone()[0]
        )


# --- check_raw_data.py -----------------------------------------------------------------------


def _drop_column(path: Path, column: str) -> None:
    table = pq.read_table(path)
    pq.write_table(table.drop_columns([column]), path)


def _retype_age(path: Path) -> None:
    table = pq.read_table(path)
    index = table.schema.get_field_index("age")
    pq.write_table(table.set_column(index, "age", table["age"].cast(pa.string())), path)


def _empty(path: Path) -> None:
    pq.write_table(pq.read_table(path).slice(0, 0), path)


def _corrupt(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not really parquet")


BREAKAGES = {
    "missing folder": (lambda raw: shutil.rmtree(raw), "", "raw data folder not found"),
    "missing file": (
        lambda raw: (raw / "users.parquet").unlink(),
        "users.parquet",
        "file not found",
    ),
    "empty folder": (
        lambda raw: [path.unlink() for path in (raw / "events").glob("load_date=*/*.parquet")],
        "events",
        "no Parquet files",
    ),
    "empty table": (lambda raw: _empty(raw / "content.parquet"), "content.parquet", "no rows"),
    "corrupt file": (
        lambda raw: _corrupt(raw / "events" / "load_date=2026-10-01" / "part-0.parquet"),
        "events/load_date=2026-10-01/part-0.parquet",
        "not a readable Parquet file",
    ),
    "missing column": (
        lambda raw: _drop_column(raw / "content.parquet", "category"),
        "content.parquet",
        "column category is missing",
    ),
    "wrong type": (
        lambda raw: _retype_age(raw / "users.parquet"),
        "users.parquet",
        "column age is string, expected integer",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_check_raw_data_names_the_file_and_the_problem(raw_copy: Path, case: str) -> None:
    breakage, where, fragment = BREAKAGES[case]
    breakage(raw_copy)
    result = run(PYTHON, SCRIPTS / "check_raw_data.py", raw_copy)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert line.startswith("check_raw_data.py: error: ")
    assert str(raw_copy / where) in line and fragment in line, line


def test_check_raw_data_passes_good_data_and_rejects_bad_usage(raw_copy: Path) -> None:
    result = run(PYTHON, SCRIPTS / "check_raw_data.py", raw_copy)
    assert result.returncode == 0 and result.stderr == ""
    result = run(PYTHON, SCRIPTS / "check_raw_data.py", raw_copy, "extra")
    assert result.returncode == 2 and "usage" in one_error_line(result.stderr)


# --- build_database.py (make build) ----------------------------------------------------------


def default_signals() -> None:
    """Run in a child before it starts: a test that sends Ctrl-C must not depend on how pytest
    was launched (a shell's background job starts with SIGINT ignored, and children inherit it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def build(raw: Path, database: Path, work: Path, *dbt_args: str, **popen: object):
    command = [
        PYTHON,
        str(SCRIPTS / "build_database.py"),
        "--raw",
        str(raw),
        "--database",
        str(database),
        "--",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        *dbt_args,
    ]
    if popen:
        return subprocess.Popen(
            command, cwd=ROOT, env=dbt_env(database, work), preexec_fn=default_signals, **popen
        )
    return subprocess.run(
        command, cwd=ROOT, env=dbt_env(database, work), capture_output=True, text=True
    )


def test_build_rejects_bad_raw_data_before_touching_the_database(
    raw_copy: Path, tmp_path: Path
) -> None:
    _corrupt(raw_copy / "events" / "load_date=2026-10-01" / "part-0.parquet")
    database = tmp_path / "db.duckdb"
    result = build(raw_copy, database, tmp_path)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "part-0.parquet: not a readable Parquet file" in line
    assert not database.exists() and not list(tmp_path.glob(".db.duckdb.building*"))


def test_build_says_which_process_holds_the_database(raw_copy: Path, tmp_path: Path) -> None:
    database = tmp_path / "db.duckdb"
    make_marker_database(database)
    with LockHolder(database) as holder:
        result = build(raw_copy, database, tmp_path)
        pid = holder.process.pid
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert f"in use by process {pid}" in line and f"kill {pid}" in line, line
    assert has_marker(database)


def test_a_failed_dbt_build_leaves_the_old_database(raw_copy: Path, tmp_path: Path) -> None:
    users = pq.read_table(raw_copy / "users.parquet")
    pq.write_table(pa.concat_tables([users, users.slice(0, 1)]), raw_copy / "users.parquet")
    database = tmp_path / "db.duckdb"
    make_marker_database(database)
    result = build(
        raw_copy,
        database,
        tmp_path,
        "--select",
        "+stg_platform__users",
        "--indirect-selection",
        "cautious",
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].endswith(f"{database} was left as it was")
    assert "unique_stg_platform__users_user_id" in result.stdout
    assert has_marker(database)
    assert not list(tmp_path.glob(".db.duckdb.building*"))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_old_database_and_reruns_cleanly(
    raw_copy: Path, tmp_path: Path, signum: int
) -> None:
    database = tmp_path / "db.duckdb"
    make_marker_database(database)
    building = tmp_path / ".db.duckdb.building"
    process = build(
        raw_copy, database, tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while not building.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert building.exists(), "the build never started"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum
    assert stderr.strip().splitlines()[-1].endswith(f"interrupted; {database} was left as it was")
    assert has_marker(database) and not building.exists()
    # A build killed outright (kill -9) leaves its file behind; the next run clears it.
    building.write_bytes(b"half a database")
    result = build(
        raw_copy,
        database,
        tmp_path,
        "--select",
        "+stg_platform__users",
        "--indirect-selection",
        "cautious",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "removing" in result.stderr and not building.exists()
    assert not has_marker(database)


# --- mart_hashes.py and python -m shadowpersona.dbfile -----------------------------------------


def test_mart_hashes_explains_a_missing_damaged_empty_or_busy_database(tmp_path: Path) -> None:
    script = SCRIPTS / "mart_hashes.py"
    missing = tmp_path / "missing.duckdb"
    result = run(PYTHON, script, "--database", missing)
    assert result.returncode == 1 and "does not exist: run make build" in one_error_line(
        result.stderr
    )
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database" * 100)
    result = run(PYTHON, script, "--database", damaged)
    assert result.returncode == 1 and "not a valid DuckDB database" in one_error_line(result.stderr)
    empty = tmp_path / "empty.duckdb"
    make_marker_database(empty)
    result = run(PYTHON, script, "--database", empty)
    assert result.returncode == 1 and "no tables in schema 'marts'" in one_error_line(result.stderr)
    with LockHolder(empty) as holder:
        result = run(PYTHON, script, "--database", empty)
        check = run(PYTHON, "-m", "shadowpersona.dbfile", empty)
        pid = holder.process.pid
    assert result.returncode == 1 and f"process {pid}" in one_error_line(result.stderr)
    assert check.returncode == 1 and f"kill {pid}" in one_error_line(check.stderr)
    result = run(PYTHON, script, "--colour", "blue")
    assert result.returncode == 2


@pytest.mark.parametrize("rate", ["-0.1", "0.5", "lots"])
def test_generator_rejects_a_bad_fault_rate_in_one_line(tmp_path: Path, rate: str) -> None:
    result = run(PYTHON, SCRIPTS / "generate_data.py", "--dirty", rate, "--out", tmp_path / "raw")
    assert result.returncode == 2
    assert "--dirty" in one_error_line(result.stderr)
    assert not (tmp_path / "raw").exists()


# --- make targets ------------------------------------------------------------------------------


def make(*args: str, **kwargs: object) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return run("make", "--no-print-directory", *args, env=env, **kwargs)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["data", "USERS=0"], "--users: must be a positive whole number"),
        (["data", "DAYS=x"], "--days: expected a whole number"),
        (["data", "DIRTY=2"], "--dirty: must be from 0 to 0.25"),
        (["build", "RAW=/nonexistent/raw"], "raw data folder not found"),
        (["no-such-target"], "No rule to make target"),
    ],
)
def test_make_targets_fail_with_a_clear_message(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    raw_args = [] if any(a.startswith("RAW=") for a in args) else [f"RAW={tmp_path / 'raw'}"]
    result = make(*args, *raw_args, f"DATABASE={tmp_path / 'db.duckdb'}")
    assert result.returncode != 0
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.duckdb").exists() and not (tmp_path / "raw").exists()


def test_make_build_names_the_broken_file(raw_copy: Path, tmp_path: Path) -> None:
    _drop_column(raw_copy / "content.parquet", "category")
    result = make("build", f"RAW={raw_copy}", f"DATABASE={tmp_path / 'db.duckdb'}")
    assert result.returncode != 0
    assert f"{raw_copy / 'content.parquet'}: column category is missing" in result.stderr


# The marts a reader of a small world looks at first: profiles, explanations, personas, the
# heatmap and the Markov what-if (which the round-off at zero used to stop).
SMALL_WORLD_MARTS = (
    "fct_user_traits",
    "fct_trait_explanations",
    "fct_user_personas",
    "fct_engagement_heatmap",
    "fct_markov_expected_visits",
    "eval_fairness_group_recovery",
)


@pytest.mark.parametrize("step", ["data", "build"])
def test_interrupting_make_run_then_running_again_recovers(tmp_path: Path, step: str) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) during the data or
    the build step of `make run`; then `make data build` again succeeds with nothing to clean."""
    raw, database = tmp_path / "raw", tmp_path / "db.duckdb"
    variables = ["USERS=3000", "DAYS=3", f"RAW={raw}", f"DATABASE={database}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    if step == "build":
        assert make("data", *variables).returncode == 0
        env.update(SHADOWPERSONA_TMP=str(tmp_path / "spill"))
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", *variables],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=default_signals,
    )
    started = (
        (lambda: any(tmp_path.glob(".raw.tmp-*")))
        if step == "data"
        else (lambda: (tmp_path / ".db.duckdb.building").exists())
    )
    deadline = time.monotonic() + 300
    while not started() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert started(), f"the {step} step never started"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "interrupted" in stderr, stderr
    assert not database.exists()
    assert not list(tmp_path.glob(".raw.tmp-*")) and not list(tmp_path.glob(".db.duckdb.*"))
    if step == "data":
        assert not raw.exists()
    # Then a small world builds end to end (100 users x 3 days, as CI checks): too
    # small a survey panel for the learned models (they are left out) and segments whose
    # Markov chains never reach some states (round-off below zero once failed the build).
    result = make("data", "build", *variables, "USERS=100", "DAYS=3", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql("select sum(rows_in) from marts.fct_row_reconciliation").fetchone()
        assert rows[0] > 0
        for mart in SMALL_WORLD_MARTS:
            count = connection.sql(f"select count(*) from marts.{mart}").fetchone()[0]
            assert count > 0, f"marts.{mart} is empty after a 100 x 3 build"
        users = connection.sql("select count(*) from marts.dim_users").fetchone()[0]
    assert users == 100
