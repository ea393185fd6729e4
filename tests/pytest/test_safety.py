"""Nothing lost (issue 20): what a careless or hostile user can do to the command-line tools.

Each test is an attack that lost data or ended "successfully" with wrong results before:
two builds of one database racing, `--out` / `--database` naming something the project did
not write, raw files the models would not read, an append onto an edited or gapped world, and
an incremental build over a rewritten old load. Each must now be refused in one line, before
any work, leaving the user's files as they were (docs/operations.md, "Safety").

The builds select one small model: what is under test is the script around dbt, not the
models, and a whole build of a small world takes minutes on a loaded machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from shadowpersona.generator import GeneratorConfig, generate
from tests.pytest.conftest import ROOT, dbt_env

PYTHON = sys.executable
GENERATE = ROOT / "scripts" / "generate_data.py"
BUILD = ROOT / "scripts" / "build_database.py"
CHECK = ROOT / "scripts" / "check_raw_data.py"
WORLD = GeneratorConfig(users=100, days=3, seed=3, start_date=date(2026, 10, 1))
# Six loads: with the two-day lookback the first three are never read again incrementally.
LONG_WORLD = GeneratorConfig(users=40, days=6, seed=5, start_date=date(2026, 10, 1))
SMALL_BUILD = ("--select", "stg_platform__users", "--indirect-selection", "cautious")


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def build_command(raw: Path, database: Path, work: Path, *options: str) -> list[str]:
    return [
        PYTHON,
        str(BUILD),
        "--raw",
        str(raw),
        "--database",
        str(database),
        *options,
        "--",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
        *SMALL_BUILD,
    ]


def build(raw: Path, database: Path, work: Path, *options: str):
    return subprocess.run(
        build_command(raw, database, work, *options),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dbt_env(database, work),
        timeout=900,
    )


def leftovers(database: Path) -> list[Path]:
    return sorted(database.parent.glob(f".{database.name}.*"))


@pytest.fixture(scope="module")
def world_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("world") / "raw"
    generate(WORLD, raw)
    return raw


@pytest.fixture(scope="module")
def built_database(world_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database a build made from world_raw (kept read-only: tests copy it)."""
    work = tmp_path_factory.mktemp("built")
    database = work / "db.duckdb"
    result = build(world_raw, database, work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return database


# --- 1. two builds of one database -------------------------------------------------------------

# (the build started first, the build started second, seconds between the two starts)
# Each case costs one small build (about 1 min on a loaded 2-core machine), so a few delays.
RACES = [
    ("full", "incremental", 0.3),
    ("full", "incremental", 3.0),
    ("incremental", "full", 0.0),
    ("incremental", "full", 1.0),
]


@pytest.mark.parametrize(("first", "second", "delay"), RACES)
def test_two_builds_of_one_database_one_wins_the_other_refuses(
    world_raw: Path, built_database: Path, tmp_path: Path, first: str, second: str, delay: float
) -> None:
    database = tmp_path / "db.duckdb"
    shutil.copyfile(built_database, database)
    processes = []
    for n, kind in enumerate((first, second)):
        work = tmp_path / f"work-{n}"
        options = ["--incremental"] if kind == "incremental" else []
        processes.append(
            subprocess.Popen(
                build_command(world_raw, database, work, *options),
                cwd=ROOT,
                env=dbt_env(database, work),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        if n == 0:
            time.sleep(delay)
    results = [(process, *process.communicate(timeout=900)) for process in processes]
    winners = [r for r in results if r[0].returncode == 0]
    losers = [r for r in results if r[0].returncode != 0]
    assert len(winners) == 1 and len(losers) == 1, [(r[0].returncode, r[2]) for r in results]
    loser, loser_out, loser_err = losers[0]
    assert loser.returncode == 1 and loser_out == ""
    assert f"another build of {database} is running" in one_error_line(loser_err)
    if delay >= 1.0:  # clearly started first: it must be the one that goes on
        assert winners[0][0] is processes[0]
    assert winners[0][2].strip().splitlines()[-1] == f"[build] {database} is ready"
    with duckdb.connect(str(database), read_only=True) as connection:
        users = connection.sql("select count(*) from staging.stg_platform__users").fetchone()[0]
        files = connection.sql("select count(*) from build_info.raw_files").fetchone()[0]
    assert users == WORLD.users
    assert files == len(list(world_raw.rglob("*.parquet")))
    assert leftovers(database) == []


# --- 2. --out and --database name only what the project wrote ----------------------------------


def generate_cli(out: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return run(PYTHON, GENERATE, "--users", "20", "--days", "1", "--out", out, "--quiet", cwd=cwd)


@pytest.mark.parametrize("target", ["user folder", ".", "..", "$PWD", "a checkout"])
def test_generator_out_refuses_a_folder_it_did_not_write(tmp_path: Path, target: str) -> None:
    home = tmp_path / "home"
    here = home / "work"
    (here / ".git").mkdir(parents=True)
    (here / "thesis.txt").write_text("three years of work")
    out = {
        "user folder": here,
        ".": ".",
        "..": "..",
        "$PWD": str(here),
        "a checkout": here,  # run from elsewhere: a project folder with its .git
    }[target]
    before = sorted(p.name for p in home.iterdir())
    started = time.monotonic()
    result = generate_cli(out, cwd=tmp_path if target == "a checkout" else here)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line.startswith("generate_data.py: error: --out ") and "refusing" in line, line
    assert (here / "thesis.txt").read_text() == "three years of work"
    assert sorted(p.name for p in home.iterdir()) == before  # no staging folder was made
    assert time.monotonic() - started < 20  # refused before generating anything
    assert (here / ".git").is_dir()


def test_generator_refuses_the_project_folder_itself() -> None:
    """Checked on the function, not by running the generator: on a regression, running it
    with --out set to this checkout would replace the checkout (as it did before)."""
    from shadowpersona.generator import GeneratorError, check_output_folder

    for folder in (ROOT, ROOT.parent):
        with pytest.raises(GeneratorError, match=r"is the (current folder|project)"):
            check_output_folder(folder)


def test_generator_out_still_replaces_its_own_world_or_an_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert generate_cli(empty, cwd=tmp_path).returncode == 0
    assert (empty / "_world.json").is_file()
    (empty / "events" / "stale.txt").write_text("left by the old world")
    result = generate_cli(empty, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (empty / "events" / "stale.txt").exists()


def _text_file(path: Path) -> None:
    path.write_text("# README\nnot a database\n")


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "notes.txt").write_text("mine")


def _foreign_database(path: Path) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create table mine as select 1 as kept")


DATABASE_TARGETS = {
    "text file": ("README-copy.txt", _text_file, "is not a DuckDB database"),
    "folder": ("a-folder", _folder, "is a folder"),
    "missing folder": ("missing/db.duckdb", lambda _path: None, "does not exist"),
    "another database": ("theirs.duckdb", _foreign_database, "this project did not build"),
}


@pytest.mark.parametrize("case", sorted(DATABASE_TARGETS))
def test_build_database_refuses_a_path_it_did_not_write(tmp_path: Path, case: str) -> None:
    name, make, fragment = DATABASE_TARGETS[case]
    database = tmp_path / name
    make(database)
    before = database.read_bytes() if database.is_file() else None
    # The raw folder does not exist either: the database is checked first, before any work.
    result = build(tmp_path / "no-raw", database, tmp_path)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line.startswith("build_database.py: error: ") and fragment in line, line
    if before is not None:
        assert database.read_bytes() == before
    if database.parent.exists():
        assert leftovers(database) == []
    assert not (tmp_path / "target").exists()  # dbt never started


# --- 3. raw files the models would not read ----------------------------------------------------


def _rename_day(raw: Path) -> None:
    (raw / "events" / "load_date=2026-10-02").rename(raw / "events" / "day2")


def _move_day_into_subfolder(raw: Path) -> None:
    (raw / "events" / "old").mkdir()
    (raw / "events" / "load_date=2026-10-02").rename(
        raw / "events" / "old" / "load_date=2026-10-02"
    )


def _impossible_date(raw: Path) -> None:
    (raw / "events" / "load_date=2026-10-02").rename(raw / "events" / "load_date=2026-10-32")


def _word_date(raw: Path) -> None:
    folder = raw / "notifications" / "load_date=2026-10-02"
    folder.rename(raw / "notifications" / "load_date=yesterday")


MISPLACED = {
    "renamed day folder": (_rename_day, "events/day2/part-0.parquet", "would not read it"),
    "day moved into a subfolder": (
        _move_day_into_subfolder,
        "events/old/load_date=2026-10-02/part-0.parquet",
        "would not read it",
    ),
    "impossible date": (
        _impossible_date,
        "events/load_date=2026-10-32/part-0.parquet",
        "does not name a valid date",
    ),
    "word for a date": (
        _word_date,
        "notifications/load_date=yesterday/part-0.parquet",
        "does not name a valid date",
    ),
}


@pytest.mark.parametrize("case", sorted(MISPLACED))
def test_check_raw_rejects_files_the_models_would_not_read(
    world_raw: Path, tmp_path: Path, case: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(world_raw, raw)
    breakage, where, fragment = MISPLACED[case]
    breakage(raw)
    result = run(PYTHON, CHECK, raw)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert str(raw / where) in line and fragment in line, line


def test_raw_row_counts_see_every_parquet_file_not_only_the_models_glob(
    world_raw: Path, tmp_path: Path
) -> None:
    from shadowpersona.rawcheck import raw_row_counts  # here: the module imports without it

    raw = tmp_path / "raw"
    shutil.copytree(world_raw, raw)
    on_disk = {
        table: sum(pq.read_metadata(path).num_rows for path in files)
        for table, files in {
            "events": list((raw / "events").glob("load_date=*/*.parquet")),
            "users": [raw / "users.parquet"],
        }.items()
    }
    assert on_disk["events"] > 0
    _move_day_into_subfolder(raw)
    glob_count = sum(
        pq.read_metadata(path).num_rows for path in (raw / "events").glob("load_date=*/*.parquet")
    )
    counts = raw_row_counts(raw)
    assert glob_count < on_disk["events"]  # the models' glob lost the moved day ...
    assert counts["events"] == on_disk["events"]  # ... the independent count did not
    assert counts["users"] == on_disk["users"] == WORLD.users


# --- 4. appending to a world that is no longer the one written ---------------------------------


def _more_users(raw: Path) -> None:
    path = raw / "_world.json"
    data = json.loads(path.read_text())
    data["users"] += 50
    path.write_text(json.dumps(data))


def _delete_middle_day(raw: Path) -> None:
    shutil.rmtree(raw / "events" / "load_date=2026-10-02")


def _rewrite_a_load(raw: Path) -> None:
    path = raw / "notifications" / "load_date=2026-10-01" / "part-0.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(0, table.num_rows - 1), path)


APPEND_BREAKAGES = {
    "edited _world.json": (_more_users, "_world.json was edited"),
    "deleted middle day": (_delete_middle_day, "events/load_date=2026-10-02 is missing"),
    "rewritten load": (_rewrite_a_load, "load_date=2026-10-01/part-0.parquet changed"),
}


@pytest.mark.parametrize("case", sorted(APPEND_BREAKAGES))
def test_append_refuses_an_edited_or_gapped_world(
    world_raw: Path, tmp_path: Path, case: str
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(world_raw, raw)
    breakage, fragment = APPEND_BREAKAGES[case]
    breakage(raw)
    before = sorted(p.relative_to(raw) for p in raw.rglob("*"))
    result = run(PYTHON, GENERATE, "--append-days", "1", "--out", raw, "--quiet")
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert f"cannot append to {raw}: " in line and fragment in line, line
    assert sorted(p.relative_to(raw) for p in raw.rglob("*")) == before
    assert not list(tmp_path.glob(".raw.tmp-*"))


def test_append_continues_an_untouched_world(world_raw: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(world_raw, raw)
    for _ in range(2):  # the record written by the first append is checked by the second
        result = run(PYTHON, GENERATE, "--append-days", "1", "--out", raw, "--quiet")
        assert result.returncode == 0, result.stderr
    assert json.loads((raw / "_world.json").read_text())["days"] == WORLD.days + 2


# --- 5. an incremental build over a rewritten old load -----------------------------------------


def _drop_last_row(path: Path) -> None:
    table = pq.read_table(path)
    pq.write_table(table.slice(0, table.num_rows - 1), path)


def test_incremental_build_refuses_a_rewritten_load_older_than_the_lookback(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    generate(LONG_WORLD, raw)
    database = tmp_path / "db.duckdb"
    assert build(raw, database, tmp_path).returncode == 0
    # Only touched, and rewritten within the lookback: the incremental build goes ahead (it
    # re-reads the last loads, and a touched file still has the same content).
    (raw / "events" / "load_date=2026-10-01" / "part-0.parquet").touch()
    _drop_last_row(raw / "events" / "load_date=2026-10-06" / "part-0.parquet")
    result = build(raw, database, tmp_path, "--incremental")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    # A load older than the lookback rewritten (or removed): the models would keep its old rows.
    old = raw / "events" / "load_date=2026-10-02" / "part-0.parquet"
    _drop_last_row(old)
    before = database.read_bytes()
    result = build(raw, database, tmp_path, "--incremental")
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "events/load_date=2026-10-02/part-0.parquet was rewritten" in line, line
    assert line.endswith("run a full build (make build)")
    shutil.rmtree(old.parent)
    line = one_error_line(build(raw, database, tmp_path, "--incremental").stderr)
    assert "events/load_date=2026-10-02/part-0.parquet was removed" in line, line
    assert database.read_bytes() == before and leftovers(database) == []
