"""Project conventions that dbt-bouncer does not check, on dbt's manifest and the database.

Naming and placement per layer, lineage, descriptions and grains, contracts and a unique test
on every model are dbt-bouncer's (dbt-bouncer.yml, run on the end-to-end build by
test_quality.py): they are checked there once. What is left here is stricter than any
dbt-bouncer check or needs the built database (docs/contributing.md#which-check-enforces-what).
"""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest
import yaml

from tests.pytest.conftest import ROOT, BuiltProject

pytestmark = pytest.mark.e2e


def models(built: BuiltProject) -> list[dict]:
    return [
        node
        for node in built.manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "shadowpersona"
    ]


def test_every_source_lists_and_describes_its_columns(built: BuiltProject) -> None:
    """Models and seeds are dbt-bouncer's and dbt-coverage's; a source's columns are checked
    by neither (they live in Parquet files that dbt's catalog does not read)."""
    for source in built.manifest()["sources"].values():
        assert source["columns"], source["unique_id"]
        for column in source["columns"].values():
            assert column["description"].strip(), f"{source['unique_id']}.{column['name']}"


def test_no_documented_column_is_missing_from_the_build(built: BuiltProject) -> None:
    """dbt-bouncer's check_columns_are_all_documented checks that the YAML lists every built
    column; this checks the other way: no column in the YAML that the SQL does not produce
    (contracts catch it on marts only)."""
    with built.connect() as connection:
        for node in models(built):
            actual = {
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    [node["schema"], node["alias"]],
                ).fetchall()
            }
            assert set(node["columns"]) <= actual, (node["name"], set(node["columns"]) - actual)


def keyless_models() -> re.Pattern[str]:
    """The models dbt-bouncer's check_model_has_unique_test exempts (with its reason there):
    the raw rows as delivered, which have no key yet."""
    checks = yaml.safe_load((ROOT / "dbt-bouncer.yml").read_text())["manifest_checks"]
    (check,) = [c for c in checks if c["name"] == "check_model_has_unique_test"]
    return re.compile(check.get("exclude", "^$"))


def test_every_model_has_a_primary_key_test(built: BuiltProject) -> None:
    """A primary key is `unique` and `not_null` on the same column (the not-null half a test,
    a rule of the table's `column_rules` test or, on a contracted table, a constraint), or a
    composite `unique_combination_of_columns`; dbt-bouncer's check_model_has_unique_test
    accepts a `unique` test alone."""
    manifest = built.manifest()
    keyless = keyless_models()
    tests_by_model: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or "test_metadata" not in node:
            continue
        attached = node.get("attached_node")
        if attached:
            tests_by_model.setdefault(attached, set()).add(
                f"{node['test_metadata']['name']}:{node.get('column_name')}"
            )
            tests_by_model[attached] |= {
                f"not_null:{column}"
                for column in node["test_metadata"]["kwargs"].get("not_null", [])
                if node["test_metadata"]["name"] == "column_rules"
            }
    for node in models(built):
        if keyless.match(node["original_file_path"]):
            continue
        found = tests_by_model.get(node["unique_id"], set())
        found |= {
            f"not_null:{name}"
            for name, column in node["columns"].items()
            if node["config"]["contract"]["enforced"]
            and any(c["type"] == "not_null" for c in column["constraints"])
        }
        composite = any(t.startswith("unique_combination_of_columns") for t in found)
        single = {t.split(":")[1] for t in found if t.startswith("unique:")} & {
            t.split(":")[1] for t in found if t.startswith("not_null:")
        }
        assert composite or single, f"{node['name']} has no primary-key test"


def declared_constraints(built: BuiltProject) -> Counter[tuple[str, str]]:
    """How many constraints the enforced contracts (marts and intermediate tables) declare:
    not_null by (table, column), check by (table, '') as DuckDB lists a check under every
    column it names."""
    declared: Counter[tuple[str, str]] = Counter()
    for node in models(built):
        if not node["config"]["contract"]["enforced"]:
            continue
        for column in node["columns"].values():
            for constraint in column["constraints"]:
                if constraint["type"] == "not_null":
                    declared[(node["alias"], column["name"])] += 1
                elif constraint["type"] == "check":
                    declared[(node["alias"], "")] += 1
        for constraint in node["constraints"]:
            declared[(node["alias"], "")] += constraint["type"] == "check"
    return declared


def test_every_contract_constraint_is_in_the_database(built: BuiltProject) -> None:
    """The ranges, enumerations, invariants and not-nulls of the marts and the intermediate
    tables are contract constraints, not tests: DuckDB must hold every one, or a build could
    write values that nothing checks."""
    declared = declared_constraints(built)
    with built.connect() as connection:
        rows = connection.execute(
            "select table_name, constraint_type, constraint_column_names "
            "from duckdb_constraints() "
            "where schema_name in ('marts', 'features') "
            "and constraint_type in ('NOT NULL', 'CHECK')"
        ).fetchall()
    found: Counter[tuple[str, str]] = Counter(
        (table, columns[0] if kind == "NOT NULL" else "") for table, kind, columns in rows
    )
    assert sum(n for (_, column), n in declared.items() if not column) > 400
    assert {table for table, _ in declared if table.startswith("int_")}, "no intermediate contract"
    assert +found == +declared, (declared - found, found - declared)


def test_a_mart_refuses_a_row_that_breaks_its_contract(built: BuiltProject) -> None:
    """The constraints stop the write: fct_user_traits as the build created it (its DDL from
    the database, in a scratch database) takes a real row, but not a score of 101 nor a
    missing band."""
    with built.connect() as connection:
        (ddl,) = connection.execute(
            "select sql from duckdb_tables() "
            "where schema_name = 'marts' and table_name = 'fct_user_traits'"
        ).fetchone()
        row = connection.execute("select * from marts.fct_user_traits limit 1").df()
    with duckdb.connect() as scratch:
        scratch.execute("create schema marts")
        scratch.execute(ddl)
        insert = "insert into marts.fct_user_traits select * from candidate"
        scratch.register("candidate", row)
        scratch.execute(insert)
        scratch.register("candidate", row.assign(score=101))
        with pytest.raises(duckdb.ConstraintException, match="CHECK constraint failed"):
            scratch.execute(insert)
        scratch.register("candidate", row.assign(band=None))
        with pytest.raises(duckdb.ConstraintException, match="NOT NULL constraint failed"):
            scratch.execute(insert)


def test_descriptions_are_persisted_as_comments(built: BuiltProject) -> None:
    """SQL users see the docs: every mart and its columns carry the YAML descriptions."""
    with built.connect() as connection:
        missing_tables = connection.sql(
            "select table_name from duckdb_tables() "
            "where schema_name = 'marts' and coalesce(comment, '') = ''"
        ).fetchall()
        missing_columns = connection.sql(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'marts' and coalesce(comment, '') = ''"
        ).fetchall()
    assert not missing_tables
    assert not missing_columns


# Vars an incremental table may depend on without recording them in history_vars, and why.
NOT_HISTORY_VARS = {
    # How many loads a run reads again, not what a row holds.
    "incremental_lookback_days": "read-again window",
    # The list itself (read by the pre-hook that compares the settings).
    "history_vars": "the list",
    # int_user_features__by_window compares its windows' bounds and reference windows with
    # the ones it holds, and computes a changed window again (a dropped one is deleted).
    "learning_curve_horizon_days": "windows compared",
    "drift_baseline_week": "windows compared",
}


def vars_in(text: str) -> set[str]:
    return set(re.findall(r"""\bvar\(\s*['"](\w+)['"]""", text))


def test_every_var_an_incremental_table_rests_on_is_a_history_var(built: BuiltProject) -> None:
    """An incremental table keeps rows earlier runs wrote, so a var that changes what a row
    holds, read by the model, its macros or any model upstream of it, must be in
    history_vars: a plain run under another value then stops and asks for --full-refresh
    (macros/history_settings.sql) instead of mixing rows computed two ways."""
    manifest = built.manifest()
    nodes, macros = manifest["nodes"], manifest["macros"]
    history_vars = set(
        yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["history_vars"]
    )

    def macro_vars(unique_id: str, seen: set[str]) -> set[str]:
        if unique_id in seen or unique_id not in macros:
            return set()
        seen.add(unique_id)
        macro = macros[unique_id]
        found = vars_in(macro["macro_sql"])
        for child in macro["depends_on"]["macros"]:
            found |= macro_vars(child, seen)
        return found

    incremental = [
        node for node in models(built) if node["config"]["materialized"] == "incremental"
    ]
    assert len(incremental) >= 10
    missing = {}
    for node in incremental:
        used, stack, visited = set(), [node["unique_id"]], set()
        while stack:
            unique_id = stack.pop()
            if unique_id in visited or unique_id not in nodes:
                continue
            visited.add(unique_id)
            upstream = nodes[unique_id]
            used |= vars_in(upstream.get("raw_code", ""))
            for macro in upstream["depends_on"].get("macros", []):
                used |= macro_vars(macro, set())
            stack += upstream["depends_on"].get("nodes", [])
        unrecorded = used - history_vars - set(NOT_HISTORY_VARS)
        if unrecorded:
            missing[node["name"]] = sorted(unrecorded)
    assert missing == {}, f"vars incremental tables rest on, not in history_vars: {missing}"
