"""Measure documentation, tests and conventions on dbt's artifacts, and fail below the thresholds.

Runs three established checkers against one target folder (manifest.json and catalog.json, so
`dbt docs generate` on a built database first):

- dbt-coverage: column documentation coverage and column test coverage;
- dbt-score: metadata quality score, with the rules and thresholds in pyproject.toml;
- dbt-bouncer: the project's conventions, configured in dbt-bouncer.yml.

It prints the measured figures, then one line per failed threshold, and exits 1 if any failed.
`make test` runs it (through tests/pytest/test_quality.py) on the end-to-end build.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOOL_TIMEOUT_S = 600

# Share of columns (models and seeds) with a description. Every column is documented.
MIN_DOC_COVERAGE = 1.0
# Share of columns that a generic test names or an enforced contract constrains (not_null or a
# check on the column: the marts' ranges and enumerations are constraints DuckDB checks as it
# writes the table, not test queries). Model-level tests and constraints (e.g. a composite-key
# test or an expression over several columns) do not count, so 100 % is not the aim; this is
# a floor that only goes up (measured 80.3 %, 685 of 853 columns, once the analytics, privacy,
# quality and window marts were merged). "Every model is tested" is checked by dbt-bouncer
# (check_model_test_coverage and check_model_has_unique_test).
MIN_TEST_COVERAGE = 0.80


@dataclass
class Report:
    figures: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def run_tool(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    executable = BIN / args[0]
    if not executable.exists():
        sys.exit(f"{executable} is not installed: run `make setup`.")
    try:
        return subprocess.run(
            [str(executable), *args[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"{args[0]} did not finish within {TOOL_TIMEOUT_S} s.")


def tool_error(name: str, result: subprocess.CompletedProcess) -> str:
    output = (result.stdout + result.stderr).strip().splitlines()
    tail = " | ".join(line.strip() for line in output[-5:] if line.strip())
    return f"{name} could not run (exit code {result.returncode}): {tail}"


def percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def score_text(score: float) -> str:
    """A dbt-score score as dbt-score prints it: rounded down, so 9.96 is 9.9, not 10.0."""
    return f"{math.floor(score * 10) / 10:.1f}"


def check_coverage(cov_type: str, minimum: float, target: Path, work: Path, report: Report) -> None:
    """dbt-coverage: share of catalog columns that are documented (doc) or tested (test)."""
    output = work / f"coverage-{cov_type}.json"
    result = run_tool(
        [
            "dbt-coverage",
            "compute",
            cov_type,
            "--project-dir",
            str(ROOT),
            "--run-artifacts-dir",
            str(target),
            "--cov-report",
            str(output),
        ]
    )
    if not output.exists():
        report.failures.append(tool_error("dbt-coverage", result))
        return
    coverage = json.loads(output.read_text())
    if cov_type == "test":
        count_constrained_columns(coverage, constrained_columns(target / "manifest.json"))
    share = coverage["coverage"]
    label = "documented" if cov_type == "doc" else "tested"
    figure = f"{percent(share)} of columns {label} ({coverage['covered']}/{coverage['total']})"
    report.figures.append(f"dbt-coverage {cov_type}: {figure}, minimum {percent(minimum)}")
    if share < minimum:
        missing = [
            f"{table['name']}.{column['name']}"
            for table in coverage["tables"]
            for column in table["columns"]
            if not column["covered"]
        ]
        example = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        report.failures.append(
            f"dbt-coverage {cov_type}: {figure} is below {percent(minimum)}; not {label}: {example}"
        )


def constrained_columns(manifest_path: Path) -> set[tuple[str, str]]:
    """(schema.table, column) of every column constrained by an enforced contract or named by
    a `column_rules` test (tests/generic/column_rules.sql).

    dbt-coverage counts only tests attached to one column; a not_null or check constraint that
    the warehouse enforces checks the column just as a test would (on engines that enforce
    them: DuckDB does), and so does a rule of a table's one column_rules test."""
    manifest = json.loads(manifest_path.read_text())
    found = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["config"]["contract"]["enforced"]:
            for column in node["columns"].values():
                if any(c["type"] in ("not_null", "check") for c in column.get("constraints", [])):
                    found.add((f"{node['schema']}.{node['alias']}", column["name"].lower()))
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") == (
            "column_rules"
        ):
            (tested,) = node["depends_on"]["nodes"]
            table = manifest["sources"].get(tested) or manifest["nodes"][tested]
            name = f"{table['schema']}.{table.get('identifier') or table['alias']}"
            kwargs = node["test_metadata"]["kwargs"]
            for rule in ("not_null", "ranges", "accepted_values"):
                found.update((name, column.lower()) for column in kwargs.get(rule, []))
    return found


def count_constrained_columns(coverage: dict, constrained: set[tuple[str, str]]) -> None:
    """Mark the constrained columns of dbt-coverage's report as covered, and recount it."""
    covered = total = 0
    for table in coverage["tables"]:
        for column in table["columns"]:
            if (table["name"].lower(), column["name"].lower()) in constrained:
                column["covered"] = 1
        table["covered"] = sum(1 for column in table["columns"] if column["covered"])
        covered += table["covered"]
        total += table["total"]
    coverage["covered"], coverage["total"] = covered, total
    coverage["coverage"] = covered / total if total else 1.0


def dbt_score_thresholds() -> tuple[float, float]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["dbt-score"]
    return config["fail_project_under"], config["fail_any_item_under"]


def check_dbt_score(target: Path, report: Report) -> None:
    """dbt-score: rules and thresholds come from [tool.dbt-score] in pyproject.toml."""
    project_min, item_min = dbt_score_thresholds()
    # dbt-score finds pyproject.toml in its working directory, so it runs from the repo root.
    result = run_tool(
        ["dbt-score", "lint", "--manifest", str(target / "manifest.json"), "--format", "json"]
    )
    try:
        scores = json.loads(result.stdout)
    except json.JSONDecodeError:
        report.failures.append(tool_error("dbt-score", result))
        return
    project = scores["project"]["score"]
    report.figures.append(
        f"dbt-score: project score {score_text(project)} "
        f"(minimum {project_min:.1f}; every item at least {item_min:.1f})"
    )
    if project < project_min:
        report.failures.append(
            f"dbt-score: project score {score_text(project)} is below {project_min:.1f}"
        )
    for unique_id, item in scores["evaluables"].items():
        if item["score"] < item_min:
            broken = [
                f"{rule.rsplit('.', 1)[-1]} ({outcome['message']})"
                for rule, outcome in item["results"].items()
                if outcome["result"] != "OK"
            ]
            score = score_text(item["score"])
            report.failures.append(
                f"dbt-score: {unique_id} scores {score} (below {item_min:.1f}): "
                + "; ".join(broken)
            )


def check_dbt_bouncer(target: Path, work: Path, report: Report) -> None:
    """dbt-bouncer: dbt-bouncer.yml, pointed at the given target folder."""
    config = (ROOT / "dbt-bouncer.yml").read_text()
    if "\ndbt_artifacts_dir:" not in config:
        sys.exit("dbt-bouncer.yml must set dbt_artifacts_dir (the runner points it elsewhere).")
    lines = [
        f"dbt_artifacts_dir: {json.dumps(str(target))}"
        if line.startswith("dbt_artifacts_dir:")
        else line
        for line in config.splitlines()
    ]
    config_file = work / "dbt-bouncer.yml"
    config_file.write_text("\n".join(lines) + "\n")
    output = work / "dbt-bouncer.json"
    result = run_tool(
        [
            "dbt-bouncer",
            "run",
            "--config-file",
            str(config_file),
            "--output-file",
            str(output),
            "--output-format",
            "json",
        ]
    )
    if not output.exists():
        report.failures.append(tool_error("dbt-bouncer", result))
        return
    outcomes = json.loads(output.read_text())
    failed = [outcome for outcome in outcomes if outcome["outcome"] != "success"]
    report.figures.append(
        f"dbt-bouncer: {len(outcomes) - len(failed)} of {len(outcomes)} checks passed"
    )
    for outcome in failed:
        message = " ".join(str(outcome["failure_message"]).split())
        report.failures.append(f"dbt-bouncer: {outcome['check_run_id']}: {message}")
    if result.returncode != 0 and not failed:
        report.failures.append(tool_error("dbt-bouncer", result))


def check_project(target: Path, min_doc: float, min_test: float) -> Report:
    report = Report()
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        work = Path(tmp)
        check_coverage("doc", min_doc, target, work, report)
        check_coverage("test", min_test, target, work, report)
        check_dbt_score(target, report)
        check_dbt_bouncer(target, work, report)
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target-dir",
        type=Path,
        default=ROOT / "target",
        help="dbt target folder with manifest.json and catalog.json (default: target/).",
    )
    parser.add_argument(
        "--min-doc-coverage",
        type=float,
        default=MIN_DOC_COVERAGE,
        help=f"Fail below this share of documented columns (default: {MIN_DOC_COVERAGE}).",
    )
    parser.add_argument(
        "--min-test-coverage",
        type=float,
        default=MIN_TEST_COVERAGE,
        help=f"Fail below this share of tested columns (default: {MIN_TEST_COVERAGE}).",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    target = args.target_dir.resolve()
    for artifact, how in [
        ("manifest.json", "dbt parse"),
        ("catalog.json", "dbt docs generate (make docs) on a built database"),
    ]:
        if not (target / artifact).exists():
            print(f"{target / artifact} is missing: run `{how}` first.", file=sys.stderr)
            return 2
    report = check_project(target, args.min_doc_coverage, args.min_test_coverage)
    for figure in report.figures:
        print(figure)
    if report.failures:
        print(f"\n{len(report.failures)} quality threshold(s) failed:")
        for failure in report.failures:
            print(f"FAILED {failure}")
        return 1
    print("All quality thresholds met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
