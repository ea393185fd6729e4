"""Project conventions, checked on dbt's manifest and on the built database."""

from __future__ import annotations

import re

import pytest

from tests.pytest.conftest import BuiltProject

pytestmark = pytest.mark.e2e

NAME_BY_LAYER = {
    "staging": re.compile(r"^stg_[a-z_]+__[a-z_]+$"),
    "intermediate": re.compile(r"^int_[a-z_]+__[a-z_]+$"),
    "marts": re.compile(r"^(dim|fct|eval)_[a-z_]+$"),
}
# The intermediate layer keeps the schema name `features` (DESIGN.md).
SCHEMA_BY_LAYER = {"staging": "staging", "intermediate": "features", "marts": "marts"}


def models(built: BuiltProject) -> list[dict]:
    return [
        node
        for node in built.manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "shadowpersona"
    ]


def layer(node: dict) -> str:
    return node["original_file_path"].split("/")[1]


def test_models_are_named_and_placed_by_layer(built: BuiltProject) -> None:
    for node in models(built):
        assert layer(node) in NAME_BY_LAYER, node["original_file_path"]
        assert NAME_BY_LAYER[layer(node)].match(node["name"]), node["name"]
        assert node["schema"] == SCHEMA_BY_LAYER[layer(node)], (node["name"], node["schema"])


def test_sources_are_read_only_in_staging(built: BuiltProject) -> None:
    for node in models(built):
        if node["sources"]:
            assert layer(node) == "staging", node["name"]
    by_id = {node["unique_id"]: node for node in models(built)}
    for node in models(built):
        if layer(node) == "staging":
            # One view per raw table, reading nothing else.
            assert len(node["sources"]) == 1, node["name"]
            upstream = [ref for ref in node["depends_on"]["nodes"] if ref in by_id]
            assert not upstream, node["name"]


def test_every_model_source_and_seed_is_documented(built: BuiltProject) -> None:
    manifest = built.manifest()
    documented = [
        *models(built),
        *manifest["sources"].values(),
        *(n for n in manifest["nodes"].values() if n["resource_type"] == "seed"),
    ]
    for node in documented:
        assert node["description"].strip(), node["unique_id"]
        assert node["columns"], node["unique_id"]
        for column in node["columns"].values():
            assert column["description"].strip(), f"{node['unique_id']}.{column['name']}"


def test_every_built_column_is_documented(built: BuiltProject) -> None:
    """The YAML lists every column the SQL produces, and no column that it does not."""
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
            assert actual == set(node["columns"]), node["name"]


def test_every_model_has_a_primary_key_test(built: BuiltProject) -> None:
    manifest = built.manifest()
    tests_by_model: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or "test_metadata" not in node:
            continue
        attached = node.get("attached_node")
        if attached:
            tests_by_model.setdefault(attached, set()).add(
                f"{node['test_metadata']['name']}:{node.get('column_name')}"
            )
    for node in models(built):
        found = tests_by_model.get(node["unique_id"], set())
        composite = any(t.startswith("unique_combination_of_columns") for t in found)
        single = {t.split(":")[1] for t in found if t.startswith("unique:")} & {
            t.split(":")[1] for t in found if t.startswith("not_null:")
        }
        assert composite or single, f"{node['name']} has no primary-key test"


def test_marts_are_tables_with_enforced_contracts(built: BuiltProject) -> None:
    marts = [node for node in models(built) if layer(node) == "marts"]
    assert len(marts) >= 5
    for node in marts:
        assert node["config"]["materialized"] == "table", node["name"]
        assert node["config"]["contract"]["enforced"], node["name"]
        for column in node["columns"].values():
            assert column.get("data_type"), f"{node['name']}.{column['name']}"


def test_every_model_states_its_grain(built: BuiltProject) -> None:
    for node in models(built):
        assert re.search(r"\bone row per\b", node["description"], re.IGNORECASE), node["name"]


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
