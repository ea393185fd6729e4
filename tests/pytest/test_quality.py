"""Documentation and test coverage, metadata score and conventions, measured on the e2e build.

scripts/check_project_quality.py runs dbt-coverage, dbt-score and dbt-bouncer on a target
folder; here it must pass on the real project and fail, naming the cause, on a copy of the
artifacts with one defect per checker planted in it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pytest.conftest import ROOT, BuiltProject, run_dbt

pytestmark = pytest.mark.e2e

SCRIPT = ROOT / "scripts" / "check_project_quality.py"
PACKAGE = "shadowpersona"


@pytest.fixture(scope="module")
def docs_target(built: BuiltProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """manifest.json and catalog.json of the built database, in a target folder of its own
    (so that the other tests' artifacts stay as `dbt build` left them)."""
    work = tmp_path_factory.mktemp("docs")
    result = run_dbt(["docs", "generate"], built.raw, built.database, work)
    if result.returncode != 0:
        pytest.fail(f"dbt docs generate failed:\n{result.stdout[-5000:]}\n{result.stderr[-2000:]}")
    return work / "target"


def check_quality(target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--target-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def failures(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAILED ")]


def test_project_meets_every_quality_threshold(docs_target: Path) -> None:
    result = check_quality(docs_target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dbt-coverage doc: 100.0 % of columns documented" in result.stdout
    assert "dbt-score: project score 10.0" in result.stdout
    assert "All quality thresholds met." in result.stdout


def plant_defects(manifest: dict) -> None:
    """One defect for each kind of check; the test below expects each to be reported."""
    nodes = manifest["nodes"]

    def model(name: str) -> dict:
        return nodes[f"model.{PACKAGE}.{name}"]

    # Documentation: a column loses its description.
    first_column = next(iter(model("dim_users")["columns"].values()))
    first_column["description"] = ""
    # Tests: every test that touches dim_users is gone, and so is every column constraint of
    # the marts (they count as column tests: the column coverage must fall below its floor).
    untested = f"model.{PACKAGE}.dim_users"
    for unique_id in [
        unique_id
        for unique_id, node in nodes.items()
        if node["resource_type"] == "test" and untested in node["depends_on"]["nodes"]
    ]:
        del nodes[unique_id]
    for node in nodes.values():
        for column in node.get("columns", {}).values():
            column["constraints"] = []
    # Naming and placement: a mart whose file sits in the intermediate layer.
    model("dim_traits")["original_file_path"] = "models/intermediate/scoring/dim_traits.sql"
    # Contracts: a mart that no longer enforces its contract.
    for holder in (model("fct_user_traits"), model("fct_user_traits")["config"]):
        holder["contract"]["enforced"] = False
    # Lineage: an intermediate model that reads a raw table, a staging model that reads an
    # intermediate model, and an intermediate model that reads a mart (a layer above its own).
    model("int_sessions__aggregated")["depends_on"]["nodes"].append(
        f"source.{PACKAGE}.platform.events"
    )
    model("stg_platform__users")["depends_on"]["nodes"].append(f"model.{PACKAGE}.int_events__clean")
    model("int_user_features__combined")["depends_on"]["nodes"].append(
        f"model.{PACKAGE}.fct_user_traits"
    )
    # Hard-coded relation names instead of ref().
    model("eval_trait_recovery")["raw_code"] = "select * from marts.fct_user_traits"


def test_every_checker_reports_a_planted_defect(docs_target: Path, tmp_path: Path) -> None:
    broken = tmp_path / "target"
    broken.mkdir()
    shutil.copy(docs_target / "catalog.json", broken / "catalog.json")
    manifest = json.loads((docs_target / "manifest.json").read_text())
    plant_defects(manifest)
    (broken / "manifest.json").write_text(json.dumps(manifest))

    result = check_quality(broken)

    assert result.returncode == 1, result.stdout + result.stderr
    reported = "\n".join(failures(result))
    expected = [
        "FAILED dbt-coverage doc: ",
        "FAILED dbt-coverage test: ",
        f"FAILED dbt-score: model.{PACKAGE}.dim_users scores ",
        "columns_have_description",
        "check_model_column_description_populated",
        "check_model_test_coverage",
        "check_model_has_unique_test:",
        "check_model_names:",
        "`dim_traits` does not match the supplied regex `^int_",
        "check_model_schema_name:",
        "check_model_has_contracts_enforced:",
        "check_lineage_source_cannot_be_used:",
        "`stg_platform__users` references upstream models that are not permitted",
        "`int_user_features__combined` references upstream models that are not permitted",
        "check_model_hard_coded_references:",
    ]
    missing = [text for text in expected if text not in reported]
    assert not missing, f"not reported: {missing}\n{result.stdout}"


def test_a_constrained_column_counts_as_tested() -> None:
    """dbt-coverage counts tests only; a column with a not_null or check constraint under an
    enforced contract is checked by the warehouse as it writes, so it counts too."""
    sys.path.insert(0, str(SCRIPT.parent))
    from check_project_quality import count_constrained_columns

    def column(name: str, covered: int) -> dict:
        return {"name": name, "covered": covered, "total": 1}

    coverage = {
        "tables": [
            {"name": "marts.a", "columns": [column("x", 1), column("y", 0)], "total": 2},
            {"name": "features.b", "columns": [column("y", 0), column("z", 0)], "total": 2},
        ]
    }
    count_constrained_columns(coverage, {("marts.a", "y"), ("marts.b", "z")})
    assert (coverage["covered"], coverage["total"], coverage["coverage"]) == (2, 4, 0.5)
    assert [t["covered"] for t in coverage["tables"]] == [2, 0]


def test_a_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    result = check_quality(tmp_path)
    assert result.returncode == 2
    assert "catalog.json is missing: run `dbt docs generate" in result.stderr
