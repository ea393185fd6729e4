"""Compare the tables of one schema in two ShadowPersona databases, row for row.

Used to check that a refactor leaves the marts identical: build the same world before and
after, then

    python scripts/compare_databases.py before.duckdb after.duckdb --schema marts

For every table in the schema of the first database it counts the rows of A EXCEPT ALL B and
of B EXCEPT ALL A (duplicates count) and prints them; it exits with 1 if any table differs or
is missing from the second database. Tables only in the second database are listed (new
models are not differences).

DuckDB sums doubles in parallel, in an order that varies from run to run, so two builds of
the SAME code differ in the last bits of some doubles (about 1e-15). `--digits N` rounds every
double column to N decimals before comparing (default 9); `--digits -1` compares exactly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb


def table_columns(
    con: duckdb.DuckDBPyConnection, db: str, schema: str, name: str
) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [db, schema, name],
    ).fetchall()


def column_changes(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> str:
    """How B's columns differ from A's (names and types), or '' when they are the same."""
    a, b = (dict(table_columns(con, db, schema, name)) for db in ("a", "b"))
    changes = [f"only in A: {column}" for column in a if column not in b]
    changes += [f"only in B: {column}" for column in b if column not in a]
    changes += [
        f"{column} {a[column]} -> {b[column]}"
        for column in a
        if column in b and a[column] != b[column]
    ]
    return "; ".join(changes)


def select_list(con: duckdb.DuckDBPyConnection, schema: str, name: str, digits: int) -> str:
    """A's columns (those B also has), doubles rounded to `digits` decimals."""
    b_columns = {column for column, _ in table_columns(con, "b", schema, name)}
    columns = [c for c in table_columns(con, "a", schema, name) if c[0] in b_columns]
    return ", ".join(
        f'round("{column}", {digits})'
        if digits >= 0 and data_type in ("DOUBLE", "FLOAT")
        else f'"{column}"'
        for column, data_type in columns
    )


def compare(first: Path, second: Path, schema: str, digits: int = 9) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{first}' as a (read_only)")
    con.execute(f"attach '{second}' as b (read_only)")
    tables = {
        db: {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() "
                "where database_name = ? and schema_name = ?",
                [db, schema],
            ).fetchall()
        }
        for db in ("a", "b")
    }
    differing = 0
    for name in sorted(tables["a"]):
        if name not in tables["b"]:
            print(f"{schema}.{name}: missing from {second}")
            differing += 1
            continue
        columns = select_list(con, schema, name, digits)
        only_a, only_b = (
            con.execute(
                f"select count(*) from (select {columns} from {x}.{schema}.{name} "
                f"except all select {columns} from {y}.{schema}.{name})"
            ).fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        )
        n_rows = con.execute(f"select count(*) from a.{schema}.{name}").fetchone()[0]
        status = "identical" if only_a == only_b == 0 else "DIFFERENT"
        changes = column_changes(con, schema, name)
        if changes:
            status = f"{status} in the shared columns; COLUMNS DIFFER ({changes})"
        print(f"{schema}.{name}: {n_rows} rows; A-B {only_a}, B-A {only_b}: {status}")
        differing += status != "identical"
    for name in sorted(tables["b"] - tables["a"]):
        print(f"{schema}.{name}: new in {second}")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="database A (e.g. built before a change)")
    parser.add_argument("second", type=Path, help="database B (e.g. built after it)")
    parser.add_argument("--schema", default="marts", help="schema to compare (default: marts)")
    parser.add_argument(
        "--digits",
        type=int,
        default=9,
        help="round doubles to this many decimals before comparing (-1: exact; default 9)",
    )
    args = parser.parse_args()
    sys.exit(compare(args.first, args.second, args.schema, args.digits))


if __name__ == "__main__":
    main()
