"""`column_rules` (tests/generic/column_rules.sql) checks a table's one-row rules in one scan
instead of one test node per column and rule. It must report each broken rule with the
number of rows that break it, and nothing for a table that keeps them all."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from conftest import BuiltProject


def compiled_column_rules(built: BuiltProject, model: str) -> str:
    manifest = built.manifest()
    (test,) = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") == "column_rules"
        and node["attached_node"] == f"model.shadowpersona.{model}"
    ]
    compiled = built.target / "compiled" / "shadowpersona" / test["original_file_path"]
    return (compiled / f"{test['alias']}.sql").read_text()


def test_column_rules_reports_each_broken_rule(built: BuiltProject, tmp_path: Path) -> None:
    # The panel's predictions: a Python model, whose rules no contract can enforce.
    sql = compiled_column_rules(built, "int_scoring__panel_predictions")
    # The same file name: the compiled SQL names the database by it.
    copy = tmp_path / built.database.name
    shutil.copyfile(built.database, copy)
    with duckdb.connect(str(copy)) as con:
        assert con.execute(sql).fetchall() == []
        table = "features.int_scoring__panel_predictions"
        assert con.execute(f"select count(*) from {table}").fetchone()[0] > 6
        # Six different rows: one null, two below a bound, three unlisted values.
        con.execute(f"update {table} set predicted_score = null where rowid = 0")
        con.execute(f"update {table} set n_labelled_users = 3 where rowid in (1, 2)")
        con.execute(f"update {table} set method = 'lasso' where rowid in (3, 4, 5)")
        assert sorted(con.execute(sql).fetchall()) == [
            ("method not an accepted value", 3),
            ("n_labelled_users below 10", 2),
            ("predicted_score is null", 1),
        ]
