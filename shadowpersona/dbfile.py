"""The DuckDB file: clear one-line errors when it is missing, corrupt or held by another
process, and an atomic swap so a build never leaves a half-built database behind.

DuckDB lets one process hold a database file read-write (or several read-only). Its lock
error names the holder, e.g. `Conflicting lock is held in /usr/bin/python3 (PID 4242)`;
`lock_message` turns that into what to do.

Two builds of one database are kept apart by `build_lock`, an advisory lock (flock) on a file
beside the database, taken before a build looks at or writes anything: checking DuckDB's own
lock first and opening the file later leaves a gap in which a second build can start.
`check_replaceable` makes sure a build only ever replaces a database this project built.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class DatabaseError(Exception):
    """A database problem the user can fix; shown as one line."""


class NotReplaceable(DatabaseError):
    """The path given as the database is not one a build may write (a bad argument)."""


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


def lock_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.lock")


@contextmanager
def build_lock(database: Path) -> Iterator[None]:
    """Hold the build lock of `database` for the block, or fail at once with one line.

    flock is atomic and the kernel drops it when the process dies (even by kill -9), so a
    stale lock file never blocks the next build. The file is removed on the way out while the
    lock is still held; a process that opened it just before then finds, after locking, that
    the path no longer names its file, and refuses as if the lock were taken."""
    path = lock_path(Path(database))
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(descriptor).st_ino != os.stat(path).st_ino:
                raise BlockingIOError
        except (BlockingIOError, FileNotFoundError):
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
            raise DatabaseError(
                f"another build of {database} is running (process {holder}); wait for it to "
                "finish, or stop it, then run the command again"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
    finally:
        os.close(descriptor)


# The schema every build writes (scripts/build_database.py): the mark of a database this
# project made, and so may replace.
BUILD_INFO_SCHEMA = "build_info"
# DuckDB's file header: 8 bytes of checksum, then the magic bytes.
_DUCKDB_MAGIC = (8, b"DUCK")


def check_replaceable(database: Path) -> None:
    """Fail with one line unless `database` is a path a build may write: a missing file in an
    existing folder, or a DuckDB database with the build_info schema (one a build made) that no
    other process holds. Anything else (a folder, a text file, another program's database) is
    the user's and is never overwritten."""
    database = Path(database)
    parent = database.parent
    if not parent.is_dir():
        raise NotReplaceable(f"{parent} does not exist: create the folder or choose another path")
    if database.is_dir():
        raise NotReplaceable(f"{database} is a folder; --database names the file to write")
    if not database.exists():
        return
    offset, magic = _DUCKDB_MAGIC
    with database.open("rb") as handle:
        header = handle.read(offset + len(magic))
    if header[offset:] != magic:
        raise NotReplaceable(
            f"{database} is not a DuckDB database: refusing to overwrite it "
            "(choose another --database, or delete the file yourself)"
        )
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise _explain(database, error) from None
    try:
        built = connection.execute(
            "select count(*) from information_schema.schemata where schema_name = ?",
            [BUILD_INFO_SCHEMA],
        ).fetchone()[0]
    finally:
        connection.close()
    if not built:
        raise NotReplaceable(
            f"{database} is a DuckDB database this project did not build (no "
            f"{BUILD_INFO_SCHEMA} schema): refusing to replace it (choose another --database, "
            "or delete the file yourself)"
        )


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
