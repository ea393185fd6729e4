"""Print an order-independent content hash of every table in a schema (default: marts).

Two builds with the same marts print the same lines, whatever the row order DuckDB chose:
the hash of a table is the sum, modulo 2^64, of DuckDB's hash of each whole row, so it
changes when any value of any row changes, and when a row is added, lost or doubled.

    python scripts/mart_hashes.py [--database shadowpersona.duckdb] [--schema marts]

Exit codes: 0 printed, 1 the database cannot be read (one-line reason), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shadowpersona.dbfile import DatabaseError, open_read_only


def table_hashes(database: Path, schema: str) -> dict[str, tuple[int, str]]:
    """{table: (rows, hash as 16 hex digits)} for every table of the schema."""
    with open_read_only(database) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() "
                "where database_name = current_database() and schema_name = ? "
                "order by table_name",
                [schema],
            ).fetchall()
        ]
        if not tables:
            raise DatabaseError(f"{database}: no tables in schema {schema!r} (run make build)")
        hashes = {}
        for table in tables:
            rows, digest = connection.execute(
                f"select count(*), coalesce(sum(hash(t)::hugeint) % 18446744073709551616, 0) "
                f'from "{schema}"."{table}" as t'
            ).fetchone()
            hashes[table] = (int(rows), f"{int(digest):016x}")
    return hashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mart_hashes.py", description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path("shadowpersona.duckdb"))
    parser.add_argument("--schema", default="marts")
    args = parser.parse_args(argv)
    try:
        hashes = table_hashes(args.database, args.schema)
    except DatabaseError as error:
        print(f"mart_hashes.py: error: {error}", file=sys.stderr)
        return 1
    for table, (rows, digest) in hashes.items():
        print(f"{args.schema}.{table}\t{rows}\t{digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
