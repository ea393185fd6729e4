"""The Evidence reports, validated offline against the dbt-built database.

1. Every source query in reports/sources runs against the marts and returns rows.
2. Every SQL block in every page runs against those source tables (with Evidence's
   ${params.user_id} filled with a user who has a page) and returns rows with every column
   that the page's components name.
3. Pages read only marts: sources name no staging, features or raw tables.
4. The database opens with the Node DuckDB that Evidence bundles.
5. The site really builds: `build:strict` (which fails on component errors) on this data,
   and the single-page-app build.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest

from tests.pytest.conftest import ROOT, BuiltProject, build_reports

pytestmark = pytest.mark.e2e

REPORTS = ROOT / "reports"
SOURCES = REPORTS / "sources" / "shadowpersona"
PAGES = REPORTS / "pages"
SQL_BLOCK = re.compile(r"```sql (\w+)\n(.*?)```", re.DOTALL)
COMPONENT = re.compile(r"<([A-Z]\w*)\b([^>]*?)/?>", re.DOTALL)
ATTRIBUTE = re.compile(r"(\w+)=(\{[^}]*\}|\"[^\"]*\"|'[^']*'|[^\s/>]+)")
# Component props whose value names a column of the component's data.
COLUMN_PROPS = {
    *("x", "y", "value", "series", "column", "ySort", "xSort", "link", "groupBy", "id"),
    *("nameCol", "valueCol", "sourceCol", "targetCol", "xMin", "xMax"),
    *("name", "intervalBottom", "midpoint", "intervalTop"),
}


def source_names() -> list[str]:
    return sorted(path.stem for path in SOURCES.glob("*.sql"))


def page_paths() -> list[Path]:
    return sorted(PAGES.rglob("*.md"))


@pytest.fixture(scope="module")
def report_tables(built: BuiltProject) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding every source's result as shadowpersona.<source>,
    which is what Evidence's pages query."""
    pages_db = duckdb.connect()
    pages_db.execute("create schema shadowpersona")
    with built.connect() as warehouse:
        for name in source_names():
            result = warehouse.sql((SOURCES / f"{name}.sql").read_text()).arrow()
            pages_db.register("incoming", result)
            pages_db.execute(f"create table shadowpersona.{name} as select * from incoming")
            pages_db.unregister("incoming")
    return pages_db


@pytest.fixture(scope="module")
def page_user_id(report_tables: duckdb.DuckDBPyConnection) -> str:
    return report_tables.sql("select min(user_id) from shadowpersona.users").fetchone()[0]


@pytest.mark.parametrize("name", source_names())
def test_source_query_returns_rows(report_tables: duckdb.DuckDBPyConnection, name: str) -> None:
    n_rows = report_tables.sql(f"select count(*) from shadowpersona.{name}").fetchone()[0]
    assert n_rows > 0


def test_overview_shows_the_worlds_period(
    report_tables: duckdb.DuckDBPyConnection, built: BuiltProject
) -> None:
    """The overview's first and last day are the world's, although a few late-night sessions
    of its last day begin after the local midnight (the span of the data is a day or two
    longer): a 30-day world reads 30 days, not 32."""
    first, last, n_days = report_tables.sql(
        "select first_date, last_date, n_days from shadowpersona.population"
    ).fetchone()
    assert first == built.config.start_date
    assert n_days == built.config.days
    assert (last - first).days + 1 == built.config.days


@pytest.mark.parametrize("name", source_names())
def test_sources_read_only_marts(name: str) -> None:
    sql = (SOURCES / f"{name}.sql").read_text().lower()
    relations = re.findall(r"\b(?:from|join)\s+([a-z_]+)\.", sql)
    assert relations, name
    assert set(relations) == {"marts"}, (name, relations)


def test_user_pages_are_capped_and_every_source_user_has_a_page(
    report_tables: duckdb.DuckDBPyConnection, built: BuiltProject
) -> None:
    n_pages = report_tables.sql("select count(*) from shadowpersona.users").fetchone()[0]
    assert n_pages == 200
    users = {
        row[0] for row in report_tables.sql("select user_id from shadowpersona.users").fetchall()
    }
    for name in ("user_explanations", "user_activity_hours", "user_daily_activity"):
        ids = {
            row[0]
            for row in report_tables.sql(
                f"select distinct user_id from shadowpersona.{name}"
            ).fetchall()
        }
        assert ids == users, name
    # Ids are strings, so Evidence builds /users/7 links and not /users/7.0.
    assert all(re.fullmatch(r"\d+", user) for user in users)


def components(markdown: str) -> list[tuple[str, dict[str, str], str | None]]:
    """(component, attributes, data query) for each component; a <Column> inherits the data
    of the <DataTable> it sits in."""
    found = []
    table_data = None
    for match in COMPONENT.finditer(markdown):
        name, raw = match.group(1), match.group(2)
        attributes = {key: value.strip("{}\"'") for key, value in ATTRIBUTE.findall(raw)}
        data = attributes.get("data")
        if name == "DataTable":
            table_data = data
        if name == "Column":
            data = table_data
        found.append((name, attributes, data))
    return found


@pytest.mark.parametrize("page", page_paths(), ids=lambda path: str(path.relative_to(PAGES)))
def test_page_queries_return_the_columns_their_components_use(
    report_tables: duckdb.DuckDBPyConnection, page_user_id: str, page: Path
) -> None:
    markdown = page.read_text()
    queries = dict(SQL_BLOCK.findall(markdown))
    columns: dict[str, set[str]] = {}
    for name, sql in queries.items():
        assert "${inputs" not in sql, "inputs need a browser query; pages stay prerenderable"
        sql = sql.replace("${params.user_id}", page_user_id)
        assert "${" not in sql, f"{name}: unfilled template in {sql}"
        result = report_tables.sql(sql)
        rows = result.fetchall()
        assert rows, f"{page.name}: query {name} returned no rows"
        columns[name] = set(result.columns)
    used = components(markdown)
    assert any(data for _, _, data in used), f"{page.name} shows no data"
    for component, attributes, data in used:
        if data is None:
            continue
        assert data in queries, f"{page.name}: <{component}> reads unknown query {data}"
        for prop, value in attributes.items():
            if prop in COLUMN_PROPS:
                names = re.findall(r"[a-z_]+", value) if value.startswith("[") else [value]
                for column in names:
                    assert column in columns[data], f"{page.name}: <{component} {prop}={column}>"


def test_every_page_is_declared_as_a_dbt_exposure(built: BuiltProject) -> None:
    exposures = built.manifest()["exposures"].values()
    declared = {urlparse(exposure["url"]).path.rstrip("/") or "/" for exposure in exposures}
    routes = set()
    for page in page_paths():
        parts = page.relative_to(PAGES).with_suffix("").parts
        parts = [part.replace("[user_id]", "{user_id}") for part in parts if part != "index"]
        routes.add("/" + "/".join(parts))
    assert routes == declared


def run_node(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", script, *args], cwd=REPORTS, capture_output=True, text=True, timeout=120
    )


def test_evidence_node_duckdb_opens_the_database(built: BuiltProject) -> None:
    result = run_node("scripts/check-database.mjs", str(built.database))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    with built.connect() as connection:
        expected = connection.sql("select count(*) from marts.fct_user_traits").fetchone()[0]
    assert report["n_rows"] == expected
    assert report["duckdb_version"] == "v" + duckdb.__version__


def test_site_builds_strictly_with_a_page_per_sampled_user(strict_site: Path) -> None:
    site = strict_site
    for page in ("index.html", "heatmap/index.html", "methodology/index.html", "users/index.html"):
        assert (site / page).exists(), page
    user_pages = list((site / "users").glob("*/index.html"))
    assert len(user_pages) == 200


def test_site_builds_as_a_single_page_app(
    built: BuiltProject, keep_users_site: None, strict_site: Path
) -> None:
    # After the strict build: --skip-sources reuses the data that build extracted.
    result = build_reports(built, "--spa", "--skip-sources")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert (REPORTS / "build" / "index.html").exists()


def test_reports_fail_clearly_without_a_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_reports.py"),
            "--database",
            str(tmp_path / "missing.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "NOT BUILT" in result.stderr and "make build" in result.stderr
