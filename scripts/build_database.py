"""`make build`: check the raw data, run `dbt build` into a new file, swap it in when done.

    python scripts/build_database.py [--raw data/raw] [--database shadowpersona.duckdb]
                                     [--incremental] [-- extra dbt arguments]

The build writes `.<database>.building` next to the database and replaces the database in
one rename only when `dbt build` succeeded, so a failed or interrupted build (Ctrl-C, kill)
leaves the previous database as it was, and the next run starts over without manual
clean-up. Problems with the input or with the database file are one line each.

A full build starts from an empty file. `--incremental` starts from a copy of the database,
so the incremental models read only the daily loads they have not seen, and skips dbt's unit
tests, which check code, not data (docs/operations.md#daily-loads-and-incremental-builds).
It refuses raw data from another world than the one the database was
built from (other users, seed or settings, or fewer days): that needs a full build.

Exit codes: 0 built; 1 bad raw data, database in use or dbt failed; 2 bad arguments;
130/143 interrupted (SIGINT/SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.dbfile import (
    DatabaseError,
    ensure_not_in_use,
    remove_database,
    swap_in,
)
from shadowpersona.rawcheck import check_raw

PROG = "build_database.py"
DBT = Path(sys.executable).parent / "dbt"
# Where a build records the raw world it read (the generator's _world.json), so that an
# incremental build can tell whether new raw data continues it.
WORLD_TABLE = "build_info.raw_world"
WORLD_FILE = "_world.json"


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
    same = {k: v for k, v in raw_world.items() if k != "days"}
    old = {k: v for k, v in old_world.items() if k != "days"}
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


def record_world(database: Path, world: dict | None) -> None:
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists build_info")
        con.execute(f"create or replace table {WORLD_TABLE} (world_json varchar)")
        if world is not None:
            con.execute(f"insert into {WORLD_TABLE} values (?)", [json.dumps(world)])
    finally:
        con.close()


def build(raw: Path, database: Path, dbt_args: list[str], incremental: bool = False) -> int:
    problems = check_raw(raw)
    if problems:
        for problem in problems:
            print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 1
    new = building_path(database)
    try:
        ensure_not_in_use(database)
        ensure_not_in_use(new)  # another build running right now
    except DatabaseError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    if new.exists():
        print(f"[build] removing {new}, left by an interrupted build", file=sys.stderr)
    remove_database(new)
    raw_world = read_raw_world(raw)
    if incremental and not database.exists():
        print(f"[build] {database} does not exist yet: building it in full", file=sys.stderr)
    elif incremental:
        reason = continues(raw_world, built_world(database))
        if reason:
            print(
                f"{PROG}: error: cannot build incrementally: {reason}; run a full build "
                "(make build)",
                file=sys.stderr,
            )
            return 1
        shutil.copyfile(database, new)
        print(f"[build] incremental: starting from a copy of {database}", file=sys.stderr)
    command = [str(DBT), "build", "--vars", json.dumps({"raw_data_path": str(raw)})]
    if incremental and database.exists():
        # Unit tests check the models' logic on fixed rows, not the data: a daily refresh
        # runs the same code as the full build before it (a code change needs a full build),
        # so it skips them, as dbt's docs advise for production runs. Data tests all run.
        command += ["--exclude-resource-type", "unit_test"]
    command += dbt_args
    env = {**os.environ, "SHADOWPERSONA_DB": str(new)}
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
    record_world(new, raw_world)
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
