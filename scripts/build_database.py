"""`make build`: check the raw data, run `dbt build` into a new file, swap it in when done.

    python scripts/build_database.py [--raw data/raw] [--database shadowpersona.duckdb]
                                     [--incremental] [-- extra dbt arguments]

The build writes `.<database>.building` next to the database and replaces the database in
one rename only when `dbt build` succeeded, so a failed or interrupted build (Ctrl-C, kill)
leaves the previous database as it was, and the next run starts over without manual
clean-up. Problems with the input or with the database file are one line each.

A full build starts from an empty file. `--incremental` starts from a copy of the database,
so the incremental models read only the daily loads they have not seen. Both run every data
test and skip dbt's unit tests, which check the code on fixed rows, not the data: they run in
a plain `dbt build` and in `make test` (docs/operations.md#make-targets).
It refuses raw data from another world than the one the database was built from (other
users, seed or settings, or fewer days), and a daily load older than the models' lookback
that changed, vanished or appeared since (the incremental models would not read it again):
those need a full build.

Safety (docs/operations.md, "Safety"): the build takes a lock beside the database before it
does anything else, so a second build of the same database refuses at once; it replaces
only a database that a build made (one with a build_info schema) or a missing file; and it
records every raw Parquet file it read (rows, size, modification time, SHA-256) in
build_info.raw_files.

Exit codes: 0 built; 1 bad raw data, database in use (or another build running), or dbt
failed; 2 bad arguments (a --database that is not a build's file); 130/143 interrupted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.dbfile import (
    DatabaseError,
    NotReplaceable,
    build_lock,
    check_replaceable,
    remove_database,
    swap_in,
)
from shadowpersona.rawcheck import RawFile, check_raw, raw_files

PROG = "build_database.py"
ROOT = Path(__file__).resolve().parent.parent
DBT = Path(sys.executable).parent / "dbt"
# Where a build records the raw world it read (the generator's _world.json), so that an
# incremental build can tell whether new raw data continues it.
WORLD_TABLE = "build_info.raw_world"
WORLD_FILE = "_world.json"
# Keys of _world.json that describe what was written, not the world's settings: they grow
# with every append.
WORLD_RECORD_KEYS = ("days", "files", "settings_sha256")
# Every raw Parquet file the build read, so that an incremental build can tell a rewritten
# old load from an untouched one.
FILES_TABLE = "build_info.raw_files"
# While an incremental build runs: the first daily load its data tests check
# (macros/get_where_subquery.sql).
SCOPE_TABLE = "build_info.data_tests_scope"
# Tables whose models are incremental (they re-read only loads within the lookback).
INCREMENTAL_TABLES = ("events",)


class Interrupted(Exception):
    def __init__(self, signum: int):
        self.signum = signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def building_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.building")


def read_raw_world(raw: Path) -> dict | None:
    path = raw / WORLD_FILE
    return json.loads(path.read_text()) if path.is_file() else None


def built_world(database: Path) -> dict | None:
    """The raw world the database was last built from, or None if it does not say."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        row = con.execute(f"select world_json from {WORLD_TABLE}").fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return json.loads(row[0]) if row else None


def continues(raw_world: dict | None, old_world: dict | None) -> str | None:
    """Why the raw data cannot be built incrementally onto the database (None: it can)."""
    if raw_world is None:
        return f"the raw data has no {WORLD_FILE}, so its loads cannot be tracked"
    if old_world is None:
        return "the database does not record which raw world it was built from"
    same = {k: v for k, v in raw_world.items() if k not in WORLD_RECORD_KEYS}
    old = {k: v for k, v in old_world.items() if k not in WORLD_RECORD_KEYS}
    if same != old:
        keys = same.keys() | old.keys()
        changed = ", ".join(sorted(k for k in keys if same.get(k) != old.get(k)))
        return f"the raw data is another world than the database's (differs in {changed})"
    if raw_world["days"] < old_world["days"]:
        return (
            f"the raw data has {raw_world['days']} days but the database was built from "
            f"{old_world['days']}"
        )
    return None


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative to the raw folder
    table_name: str
    load_date: date | None
    rows: int
    size_bytes: int
    mtime_ns: int
    sha256: str


def fingerprint(raw: Path, known: dict[str, FileRecord] | None = None) -> list[FileRecord]:
    """A record of every Parquet file under `raw`. A file whose size and modification time
    match its `known` record keeps that record's hash instead of being read again."""
    records = []
    for file in raw_files(raw):
        path = file.path.as_posix()
        old = (known or {}).get(path)
        if old and (old.size_bytes, old.mtime_ns) == (file.size_bytes, file.mtime_ns):
            digest = old.sha256
        else:
            digest = _sha256(raw / file.path)
        records.append(_record(file, path, digest))
    return records


def _record(file: RawFile, path: str, digest: str) -> FileRecord:
    return FileRecord(
        path, file.table, file.load_date, file.rows, file.size_bytes, file.mtime_ns, digest
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def built_files(database: Path) -> dict[str, FileRecord] | None:
    """The raw files the database was last built from, or None if it does not record them."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            f"select path, table_name, load_date, rows, size_bytes, mtime_ns, sha256 "
            f"from {FILES_TABLE}"
        ).fetchall()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return {row[0]: FileRecord(*row) for row in rows}


def lookback_days() -> int:
    """The models' var('incremental_lookback_days'), from dbt_project.yml."""
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    return int(project["vars"]["incremental_lookback_days"])


def first_load_read_again(old: dict[str, FileRecord], lookback: int) -> date | None:
    """The first daily load an incremental run reads again, as the models' macro
    first_unread_load computes it: the newest load built before, less the lookback (None
    when no load was built)."""
    loads = [
        r.load_date for r in old.values() if r.load_date and r.table_name in INCREMENTAL_TABLES
    ]
    return max(loads) - timedelta(days=lookback) if loads else None


def changed_old_load(
    old: dict[str, FileRecord], new: list[FileRecord], lookback: int
) -> str | None:
    """Why the incremental models would keep stale rows (None: they would not): a load older
    than the lookback window, which they never read again, changed, vanished or appeared."""
    cutoff = first_load_read_again(old, lookback)
    if cutoff is None:
        return None

    def old_loads(records):
        return {
            r.path: r.sha256
            for r in records
            if r.table_name in INCREMENTAL_TABLES and r.load_date and r.load_date < cutoff
        }

    before, now = old_loads(old.values()), old_loads(new)
    for path in sorted(before.keys() | now.keys()):
        if path not in now:
            what = "was removed"
        elif path not in before:
            what = "was added"
        elif before[path] != now[path]:
            what = "was rewritten"
        else:
            continue
        return (
            f"the load file {path} {what} since the database was built, and it is older "
            f"than the {lookback}-day lookback, so the incremental models would not read it again"
        )
    return None


def record_data_tests_scope(database: Path, first_load: date | None) -> None:
    """Tells the data tests of the tables that record their loads to check the rows from
    `first_load` on (macros/get_where_subquery.sql); record_build drops it again."""
    if first_load is None:
        return
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists build_info")
        con.execute(
            f"create or replace table {SCOPE_TABLE} as select ? as first_load_date", [first_load]
        )
    finally:
        con.close()


def record_build(database: Path, world: dict | None, files: list[FileRecord]) -> None:
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists build_info")
        con.execute(f"drop table if exists {SCOPE_TABLE}")
        con.execute(f"create or replace table {WORLD_TABLE} (world_json varchar)")
        if world is not None:
            con.execute(f"insert into {WORLD_TABLE} values (?)", [json.dumps(world)])
        con.execute(
            f"create or replace table {FILES_TABLE} (path varchar primary key, "
            "table_name varchar, load_date date, rows bigint, size_bytes bigint, "
            "mtime_ns bigint, sha256 varchar)"
        )
        con.executemany(
            f"insert into {FILES_TABLE} values (?, ?, ?, ?, ?, ?, ?)",
            [list(astuple(record)) for record in files],
        )
    finally:
        con.close()


def build(raw: Path, database: Path, dbt_args: list[str], incremental: bool = False) -> int:
    try:
        # The path first (the lock file goes beside it), then the lock, before anything else.
        check_replaceable(database)
        with build_lock(database):
            return _build_locked(raw, database, dbt_args, incremental)
    except DatabaseError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, NotReplaceable) else 1


def _refuse_incremental(reason: str) -> int:
    print(
        f"{PROG}: error: cannot build incrementally: {reason}; run a full build (make build)",
        file=sys.stderr,
    )
    return 1


def _build_locked(raw: Path, database: Path, dbt_args: list[str], incremental: bool) -> int:
    # Again under the lock: the database may have changed while the lock was being taken.
    check_replaceable(database)
    problems = check_raw(raw)
    if problems:
        for problem in problems:
            print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 1
    new = building_path(database)
    # Under the lock no other build runs, so a .building file is an interrupted build's.
    if new.exists():
        print(f"[build] removing {new}, left by an interrupted build", file=sys.stderr)
    remove_database(new)
    raw_world = read_raw_world(raw)
    known = built_files(database) if incremental and database.exists() else None
    files = fingerprint(raw, known)
    if incremental and not database.exists():
        print(f"[build] {database} does not exist yet: building it in full", file=sys.stderr)
    elif incremental:
        reason = continues(raw_world, built_world(database))
        if reason is None and known is None:
            reason = "the database does not record which raw files it was built from"
        if reason is None:
            reason = changed_old_load(known, files, lookback_days())
        if reason:
            return _refuse_incremental(reason)
        shutil.copyfile(database, new)
        print(f"[build] incremental: starting from a copy of {database}", file=sys.stderr)
        # The data tests of the incremental tables check the rows of the loads read again.
        record_data_tests_scope(new, first_load_read_again(known, lookback_days()))
    command = [str(DBT), "build", "--vars", json.dumps({"raw_data_path": str(raw)})]
    # Unit tests check the models' logic on fixed rows, not the data, so the same code passes
    # them on every world: a build of the data skips them, as dbt's docs advise for
    # production runs (the 38 unit tests took 16 % of dbt's run on a 100-user, 3-day world).
    # `make test` and a plain `dbt build` run them. Every data test runs.
    command += ["--exclude-resource-type", "unit_test"]
    command += dbt_args
    env = {**os.environ, "SHADOWPERSONA_DB": str(new)}
    # A build stopped while a scikit-learn model runs leaves multiprocessing's resource tracker
    # (a process of dbt's own) to warn about leaked semaphores after this script has printed its
    # last line; the operating system frees them anyway, so the warning only hides that line.
    env["PYTHONWARNINGS"] = ",".join(
        filter(None, [os.environ.get("PYTHONWARNINGS"), "ignore:resource_tracker:UserWarning"])
    )
    process = None
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        process = subprocess.Popen(command, env=env)
        returncode = process.wait()
    except (KeyboardInterrupt, Interrupted) as interruption:
        signum = getattr(interruption, "signum", signal.SIGINT)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        remove_database(new)
        print(f"{PROG}: interrupted; {database} was left as it was", file=sys.stderr)
        return 128 + int(signum)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if returncode != 0:
        remove_database(new)
        print(
            f"{PROG}: error: dbt build failed (see above); {database} was left as it was",
            file=sys.stderr,
        )
        return 1
    record_build(new, raw_world, files)
    swap_in(new, database)
    print(f"[build] {database} is ready", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw Parquet folder")
    parser.add_argument(
        "--database", type=Path, default=Path("shadowpersona.duckdb"), help="database to replace"
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="start from a copy of the database and read only the new daily loads",
    )
    parser.add_argument("dbt_args", nargs="*", help="extra arguments for dbt build (after --)")
    args = parser.parse_args(argv)
    return build(args.raw, args.database, args.dbt_args, incremental=args.incremental)


if __name__ == "__main__":
    sys.exit(main())
