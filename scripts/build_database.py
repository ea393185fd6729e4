"""`make build`: check the raw data, run `dbt build` into a new file, swap it in when done.

    python scripts/build_database.py [--raw data/raw] [--database shadowpersona.duckdb]
                                     [-- extra dbt arguments]

The build writes `.<database>.building` next to the database and replaces the database in
one rename only when `dbt build` succeeded, so a failed or interrupted build (Ctrl-C, kill)
leaves the previous database as it was, and the next run starts over without manual
clean-up. Problems with the input or with the database file are one line each.

Exit codes: 0 built; 1 bad raw data, database in use or dbt failed; 2 bad arguments;
130/143 interrupted (SIGINT/SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

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


class Interrupted(Exception):
    def __init__(self, signum: int):
        self.signum = signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def building_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.building")


def build(raw: Path, database: Path, dbt_args: list[str]) -> int:
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
    command = [str(DBT), "build", "--vars", json.dumps({"raw_data_path": str(raw)}), *dbt_args]
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
    swap_in(new, database)
    print(f"[build] {database} is ready", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw Parquet folder")
    parser.add_argument(
        "--database", type=Path, default=Path("shadowpersona.duckdb"), help="database to replace"
    )
    parser.add_argument("dbt_args", nargs="*", help="extra arguments for dbt build (after --)")
    args = parser.parse_args(argv)
    return build(args.raw, args.database, args.dbt_args)


if __name__ == "__main__":
    sys.exit(main())
