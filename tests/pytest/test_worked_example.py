"""docs/adding_a_trait.md, executed: the worked example that adds a seventh trait.

The doc's ```diff blocks are the only copy of the edits. This module parses them, applies them
in order to a copy of the dbt project and the report pages, builds a small generated world
with the copy, and checks the values the doc promises: the new feature is right, the new trait
has one score per profiled user that its explanations add up to, and the report queries the
doc names show it. A change to the project that stops a block from applying fails the first
test, which names the block; update the doc in the same commit.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from shadowpersona.generator import GeneratorConfig, generate
from tests.pytest.conftest import DBT, ROOT, dbt_env
from tests.pytest.test_reports import COLUMN_PROPS, SOURCES, SQL_BLOCK, components

pytestmark = pytest.mark.e2e

DOC = ROOT / "docs" / "adding_a_trait.md"
TRAIT = "weekend_escapism"
FEATURE = "weekend_session_share"
# The whole-period feature vector, where the doc puts the feature's range, and the model that
# computes the feature for every window, which the doc's unit test tests.
WHOLE_PERIOD_MODEL = "int_user_features__combined"
WINDOWED_MODEL = "int_user_features__by_window"
# A dbt project needs these to build (not .venv, data, target or node_modules), and sqlfluff
# its config to lint. The report pages are copied because the doc edits one; the report
# sources, which it does not edit, are read from the repository.
PROJECT_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    ".sqlfluff",
    ".sqlfluffignore",
    "models",
    "seeds",
    "macros",
    "tests/generic",
    "tests/singular",
    "reports/pages",
)
# Small enough for a quick build, large enough for stable population statistics. The world
# starts on a Thursday, so its 10 days hold three weekend days.
WORLD = GeneratorConfig(users=400, days=10, seed=42, start_date=date(2026, 10, 1))
# Files the doc must edit for the example to be end to end.
EDITED_FILES = {
    "macros/aggregate_user_sessions.sql",
    "macros/join_user_features.sql",
    "models/intermediate/user_features/_int_user_features__models.yml",
    "models/intermediate/windows/_int_windows__unit_tests.yml",
    "models/intermediate/windows/_int_windows__models.yml",
    "seeds/scoring_features.csv",
    "seeds/traits.csv",
    "seeds/trait_weights.csv",
    "reports/pages/index.md",
}

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,})([^`]*)$")
CODE_SPAN = re.compile(r"`([^`]+)`")


# --- the doc's edits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hunk:
    path: str
    title: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"the diff block for {self.path} ({self.title or 'its only hunk'})"


def fenced_blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """(info string, lines) of each backtick-fenced block, by CommonMark's rule: a block
    closes at a line of at least as many backticks, indented at most three spaces. (So a
    diff whose context holds a ``` line needs a four-backtick fence, as a renderer would.)"""
    blocks = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        index += 1
        if not opening:
            continue
        closing = re.compile(rf"^ {{0,3}}`{{{len(opening.group(1))},}}\s*$")
        body = []
        while index < len(lines) and not closing.match(lines[index]):
            body.append(lines[index])
            index += 1
        index += 1
        blocks.append((opening.group(2).strip(), body))
    return blocks


def doc_hunks(markdown: str) -> list[Hunk]:
    """The hunks of every block titled `diff <file>`, in the order of the doc."""
    hunks = []
    for info, body in fenced_blocks(markdown):
        words = info.split()
        if words[:1] != ["diff"]:
            continue
        assert len(words) == 2, f"a diff block names exactly one file: {info!r}"
        path, title, old, new = words[1], "", [], []
        for line in [*body, "@@"]:
            if line.startswith("@@"):
                if old or new:
                    hunks.append(Hunk(path, title, "\n".join(old), "\n".join(new)))
                title, old, new = line.strip("@ "), [], []
                continue
            marker, text = line[:1], line[1:]
            # An empty line is a blank context line whose leading space an editor trimmed.
            if marker in (" ", ""):
                old.append(text)
                new.append(text)
            elif marker == "-":
                old.append(text)
            elif marker == "+":
                new.append(text)
            else:
                raise AssertionError(f"{path}: diff lines start with ' ', '-' or '+': {line!r}")
    return hunks


def apply_hunk(text: str, hunk: Hunk) -> str:
    """Replace the hunk's old lines, which must occur exactly once as whole lines."""
    old, new = f"\n{hunk.old}\n", f"\n{hunk.new}\n"
    found = f"\n{text}".count(old)
    assert found == 1, (
        f"{hunk}: its context and '-' lines occur {found} times in {hunk.path}, not once. "
        f"The file has changed; update docs/adding_a_trait.md. Looked for:\n{hunk.old}"
    )
    return f"\n{text}".replace(old, new, 1)[1:]


def copy_project(destination: Path) -> None:
    for name in PROJECT_FILES:
        source, target = ROOT / name, destination / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def apply_doc(project: Path) -> list[Hunk]:
    hunks = doc_hunks(DOC.read_text())
    for hunk in hunks:
        path = project / hunk.path
        assert path.is_file(), f"{hunk}: the project has no file {hunk.path}"
        path.write_text(apply_hunk(path.read_text(), hunk))
    return hunks


def report_claims() -> list[tuple[str, str]]:
    """(page, query) for each row of the doc's table of report queries that show the trait
    by themselves (the table whose header starts `| page | query |`)."""
    claims, page, in_table = [], None, False
    for line in DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[:2] == ["page", "query"]:
            in_table = True
        elif in_table and len(cells) >= 2:
            pages = [span for span in CODE_SPAN.findall(cells[0]) if span.startswith("reports/")]
            page = pages[0] if pages else page
            queries = CODE_SPAN.findall(cells[1])
            if page and queries:
                claims.append((page, queries[0]))
    return claims


def test_every_doc_block_applies_exactly_once(tmp_path: Path) -> None:
    copy_project(tmp_path)
    hunks = apply_doc(tmp_path)
    assert {hunk.path for hunk in hunks} == EDITED_FILES
    for hunk in hunks:
        assert hunk.old != hunk.new, f"{hunk} changes nothing"
        assert hunk.new in (tmp_path / hunk.path).read_text(), hunk
    assert len(report_claims()) >= 5, "the doc's table of report queries was not found"


# --- the example, built -----------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    project: Path
    database: Path
    target: Path

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.sql(sql).df()

    def seed(self, name: str) -> pd.DataFrame:
        with open(self.project / "seeds" / f"{name}.csv", newline="") as handle:
            return pd.DataFrame(list(csv.DictReader(handle)))

    def page(self, path: str) -> str:
        return (self.project / path).read_text()

    def profiled_users(self) -> set[int]:
        users = self.query("select user_id from marts.dim_users where is_profiled")
        return set(users["user_id"])


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    work = tmp_path_factory.mktemp("worked_example")
    project = work / "project"
    copy_project(project)
    apply_doc(project)
    raw = work / "raw"
    generate(WORLD, raw)
    database = work / "shadowpersona.duckdb"
    command = [
        str(DBT),
        "build",
        "--vars",
        json.dumps({"raw_data_path": str(raw)}),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    env = {**dbt_env(database, work), "DBT_PROFILES_DIR": str(project)}
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        pytest.fail(
            "dbt build of the worked example failed:\n"
            f"{result.stdout[-8000:]}\n{result.stderr[-2000:]}"
        )
    return Example(project, database, work / "target")


def documented_range(manifest: dict) -> tuple[float, float]:
    """The range the doc puts on the new column: a check constraint of the contract."""
    node = manifest["nodes"][f"model.shadowpersona.{WHOLE_PERIOD_MODEL}"]
    (expression,) = [
        constraint["expression"]
        for constraint in node["columns"][FEATURE]["constraints"]
        if constraint["type"] == "check"
    ]
    bounds = re.fullmatch(rf"{FEATURE} between (\S+) and (\S+)", expression.strip())
    assert bounds, expression
    return float(bounds.group(1)), float(bounds.group(2))


def test_the_checks_the_doc_adds_are_enforced_and_passed(example: Example) -> None:
    """The doc's range is a constraint DuckDB holds on the table (so the build that wrote
    the table checked it), and its unit test ran and passed."""
    manifest = json.loads((example.target / "manifest.json").read_text())
    results = json.loads((example.target / "run_results.json").read_text())["results"]
    status = {result["unique_id"]: result["status"] for result in results}
    assert documented_range(manifest) == (0.0, 1.0)
    checks = example.query(
        "select constraint_text from duckdb_constraints() where schema_name = 'features' "
        f"and table_name = '{WHOLE_PERIOD_MODEL}' and constraint_type = 'CHECK'"
    )["constraint_text"]
    assert any(FEATURE in text for text in checks), list(checks)
    assert status.get(f"model.shadowpersona.{WHOLE_PERIOD_MODEL}") == "success"
    unit_tests = [
        unique_id
        for unique_id, node in manifest["unit_tests"].items()
        if node["model"] == WINDOWED_MODEL and FEATURE in json.dumps(node["expect"])
    ]
    assert unit_tests
    for unique_id in unit_tests:
        assert status.get(unique_id) == "pass", unique_id


def test_the_edited_sql_passes_the_project_linter(example: Example) -> None:
    """The doc's SQL follows the project's style, as `make lint` requires of every model."""
    edited = sorted({hunk.path for hunk in doc_hunks(DOC.read_text())})
    sql_files = [path for path in edited if path.endswith(".sql")]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "sqlfluff"), "lint", *sql_files],
        cwd=example.project,
        env={**dbt_env(example.database, example.target.parent), "DBT_PROFILES_DIR": "."},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_the_new_feature_is_documented_in_both_models(example: Example) -> None:
    manifest = json.loads((example.target / "manifest.json").read_text())
    for model in (WINDOWED_MODEL, WHOLE_PERIOD_MODEL):
        node = manifest["nodes"][f"model.shadowpersona.{model}"]
        assert node["columns"][FEATURE]["description"].strip(), model
        built = example.query(f"select * from features.{model} limit 0").columns
        assert set(built) == set(node["columns"]), model


def test_the_new_feature_is_right_and_within_its_documented_range(example: Example) -> None:
    manifest = json.loads((example.target / "manifest.json").read_text())
    low, high = documented_range(manifest)
    features = example.query(f"select user_id, {FEATURE} from features.int_user_features__combined")
    features = features.set_index("user_id")[FEATURE]
    assert set(features.index) == example.profiled_users()
    assert features.notna().all()
    assert features.between(low, high).all()
    # Recomputed from the sessions with Python's calendar (Monday = 0, so 5 and 6 are the
    # weekend), in local time.
    sessions = example.query(
        "select user_id, session_started_at_local from features.int_sessions__aggregated"
    )
    is_weekend = sessions["session_started_at_local"].dt.day_of_week >= 5
    expected = is_weekend.groupby(sessions["user_id"]).mean()
    np.testing.assert_allclose(features.sort_index(), expected.sort_index(), atol=1e-12)
    # Three of the ten days are weekend days, with a weekend lift: about 0.3 on average.
    assert 0.2 < features.mean() < 0.5
    assert features.std() > 0.02


def test_every_profiled_user_has_one_score_for_the_new_trait(example: Example) -> None:
    scores = example.query(f"select * from marts.fct_user_traits where trait = '{TRAIT}'")
    assert scores["user_id"].is_unique
    assert set(scores["user_id"]) == example.profiled_users()
    assert scores["score"].between(0, 100).all()
    assert set(scores["band"]) == {"low", "medium", "high"}
    weights = example.seed("trait_weights")
    assert set(scores["top_feature"]) <= set(weights.loc[weights["trait"] == TRAIT, "feature_name"])


def test_the_explanations_add_up_to_the_raw_score(example: Example) -> None:
    weights = example.seed("trait_weights")
    weights = weights[weights["trait"] == TRAIT].set_index("feature_name")["weight"].astype(float)
    assert FEATURE in weights.index and len(weights) >= 2
    explanations = example.query(
        f"select * from marts.fct_trait_explanations where trait = '{TRAIT}'"
    )
    # Every weighted feature explains every score: a seeded feature the standardisation left out
    # would silently drop out here.
    per_user = explanations.groupby("user_id")["feature_name"].apply(frozenset)
    assert (per_user == frozenset(weights.index)).all()
    np.testing.assert_allclose(
        explanations["contribution"],
        explanations["feature_name"].map(weights) * explanations["z_score"],
        atol=1e-12,
    )
    scores = example.query(
        f"select user_id, raw_score from marts.fct_user_traits where trait = '{TRAIT}'"
    ).set_index("user_id")["raw_score"]
    summed = explanations.groupby("user_id")["contribution"].sum()
    np.testing.assert_allclose(
        scores.sort_index(), summed.loc[scores.index].sort_index(), atol=1e-9
    )


def test_the_raw_score_matches_a_recomputation_from_the_seeds(example: Example) -> None:
    """Transform, standardise, clip and weight the trait's features in pandas."""
    features = example.query("select * from features.int_user_features__combined").set_index(
        "user_id"
    )
    transforms = example.seed("scoring_features").set_index("feature_name")["value_transform"]
    weights = example.seed("trait_weights")
    expected = pd.Series(0.0, index=features.index)
    for row in weights[weights["trait"] == TRAIT].itertuples(index=False):
        values = features[row.feature_name].astype(float)
        if transforms[row.feature_name] == "log1p":
            values = np.log1p(values)
        z = ((values - values.mean()) / values.std(ddof=0)).clip(-4, 4).fillna(0.0)
        expected += float(row.weight) * z
    scores = example.query(
        f"select user_id, raw_score from marts.fct_user_traits where trait = '{TRAIT}'"
    ).set_index("user_id")["raw_score"]
    np.testing.assert_allclose(scores, expected.loc[scores.index], atol=1e-9)


def test_dim_traits_lists_seven_traits(example: Example) -> None:
    traits = example.query("select * from marts.dim_traits").set_index("trait")
    assert len(traits) == 7
    assert set(traits.index) == set(example.seed("traits")["trait"])
    new = traits.loc[TRAIT]
    assert new["trait_label"] == "Weekend escapism"
    assert new["n_users"] == len(example.profiled_users())
    assert new["n_high"] + new["n_medium"] + new["n_low"] == new["n_users"]
    assert min(new["n_high"], new["n_low"]) > 0.2 * new["n_users"]


def test_the_recovery_table_leaves_out_the_unplanted_trait(example: Example) -> None:
    """The doc says so: there is no planted truth to measure the new trait against."""
    recovery = example.query("select distinct trait from marts.eval_trait_recovery")
    assert len(recovery) == 6
    assert TRAIT not in set(recovery["trait"])


# --- the reports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_tables(example: Example) -> duckdb.DuckDBPyConnection:
    """Each report source's result as shadowpersona.<source>, as in test_reports.py."""
    pages_db = duckdb.connect()
    pages_db.execute("create schema shadowpersona")
    with duckdb.connect(str(example.database), read_only=True) as warehouse:
        for path in sorted(SOURCES.glob("*.sql")):
            pages_db.register("incoming", warehouse.sql(path.read_text()).arrow())
            pages_db.execute(f"create table shadowpersona.{path.stem} as select * from incoming")
            pages_db.unregister("incoming")
    return pages_db


def page_query(
    example: Example, tables: duckdb.DuckDBPyConnection, page: str, name: str
) -> duckdb.DuckDBPyRelation:
    queries = dict(SQL_BLOCK.findall(example.page(page)))
    assert name in queries, f"{page} has no query {name}"
    user_id = tables.sql("select min(user_id) from shadowpersona.users").fetchone()[0]
    return tables.sql(queries[name].replace("${params.user_id}", user_id))


@pytest.mark.parametrize(("page", "name"), report_claims(), ids=lambda value: value)
def test_the_report_queries_the_doc_names_show_the_trait(
    example: Example, report_tables: duckdb.DuckDBPyConnection, page: str, name: str
) -> None:
    rows = page_query(example, report_tables, page, name).fetchall()
    assert any(TRAIT in row or "Weekend escapism" in row for row in rows), (page, name)


def test_the_methodology_recovery_query_does_not_show_the_trait(
    example: Example, report_tables: duckdb.DuckDBPyConnection
) -> None:
    query = page_query(example, report_tables, "reports/pages/methodology.md", "recovery")
    rows = query.fetchall()
    assert rows and not any("Weekend escapism" in row for row in rows)


def test_the_histogram_shows_one_score_per_profiled_user(
    example: Example, report_tables: duckdb.DuckDBPyConnection
) -> None:
    markdown = example.page("reports/pages/index.md")
    queries = dict(SQL_BLOCK.findall(markdown))
    (histogram,) = [
        attributes
        for component, attributes, data in components(markdown)
        if component == "Histogram" and f"'{TRAIT}'" in queries.get(data, "")
    ]
    result = report_tables.sql(queries[histogram["data"]]).df()
    assert len(result) == len(example.profiled_users())
    # The raw score (a weighted sum of z-scores): finite, and not all the same.
    assert np.isfinite(result[histogram["x"]]).all()
    assert result[histogram["x"]].nunique() > 1


def test_every_query_and_component_on_the_edited_overview_page_works(
    example: Example, report_tables: duckdb.DuckDBPyConnection
) -> None:
    markdown = example.page("reports/pages/index.md")
    columns = {}
    for name, sql in SQL_BLOCK.findall(markdown):
        result = report_tables.sql(sql)
        assert result.fetchall(), name
        columns[name] = set(result.columns)
    for component, attributes, data in components(markdown):
        if data is None:
            continue
        assert data in columns, f"<{component}> reads unknown query {data}"
        for prop, value in attributes.items():
            if prop in COLUMN_PROPS and not value.startswith("["):
                assert value in columns[data], f"<{component} {prop}={value}>"
