"""The DuckDB file: clear one-line errors when it is missing, corrupt or held by another
process, and an atomic swap so a build never leaves a half-built database behind.

DuckDB lets one process hold a database file read-write (or several read-only). Its lock
error names the holder, e.g. `Conflicting lock is held in /usr/bin/python3 (PID 4242)`;
`lock_message` turns that into what to do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class DatabaseError(Exception):
    """A database problem the user can fix; shown as one line."""


def lock_message(database: Path, error: BaseException) -> str | None:
    """One line that names the process holding the file and how to free it, or None when
    the error is not a lock conflict."""
    text = str(error)
    if "Could not set lock" not in text and "Conflicting lock" not in text:
        return None
    holder = _HOLDER.search(text)
    who = (
        f"process {holder['pid']} ({Path(holder['program']).name})" if holder else "another process"
    )
    pid = holder["pid"] if holder else "<pid>"
    return (
        f"{database} is in use by {who}: close that program (a notebook, DBeaver, "
        f"`npm run dev`, another make) or stop it with `kill {pid}`, then run the command again"
    )


def _explain(database: Path, error: duckdb.Error) -> DatabaseError:
    message = lock_message(database, error)
    if message:
        return DatabaseError(message)
    text = str(error).splitlines()[0]
    if "not a valid DuckDB database" in text:
        return DatabaseError(
            f"{database} is not a valid DuckDB database (damaged?): delete it and run make build"
        )
    return DatabaseError(f"{database}: {text}")


@contextmanager
def open_read_only(database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    database = Path(database)
    if not database.is_file():
        raise DatabaseError(f"{database} does not exist: run make build (or make run) first")
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise _explain(database, error) from None
    try:
        yield connection
    finally:
        connection.close()


def ensure_not_in_use(database: Path) -> None:
    """Fail with one line if another process holds the file (no-op when it does not exist)."""
    database = Path(database)
    if not database.exists():
        return
    try:
        duckdb.connect(str(database)).close()
    except duckdb.Error as error:
        message = lock_message(database, error)
        if message:
            raise DatabaseError(message) from None
        # A damaged old database is about to be replaced: not a reason to stop.


def swap_in(new: Path, database: Path) -> None:
    """Move a finished build over the database in one rename. A write-ahead log left by a
    crashed process belongs to the old file and would be replayed onto the new one: drop it."""
    wal = database.with_name(database.name + ".wal")
    if wal.exists():
        wal.unlink()
    os.replace(new, database)


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m shadowpersona.dbfile PATH`: exit 1 with one line if PATH is in use."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m shadowpersona.dbfile DATABASE", file=sys.stderr)
        return 2
    try:
        ensure_not_in_use(Path(args[0]))
    except DatabaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
