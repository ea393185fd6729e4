"""Shared fixtures: a generated world and one dbt build of it, made once per test session.

The end-to-end build uses the generator's default size, seed and realism (the same as `make
run`), so the figures in docs/ are rendered from it (tests/pytest/test_docs.py). A second
build of the easy world (only what the recovery mart needs) checks the clear-signal
figures. Both write to a temporary DuckDB file and target folder, never to the user's
shadowpersona.duckdb.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from shadowpersona.cli import WORLD_DEFAULTS
from shadowpersona.generator import GeneratorConfig, generate

ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


@dataclass(frozen=True)
class BuiltProject:
    raw: Path
    database: Path
    target: Path
    config: GeneratorConfig

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)

    def manifest(self) -> dict:
        return json.loads((self.target / "manifest.json").read_text())


def default_config() -> GeneratorConfig:
    """The world `make data` generates (generate_data.py without options)."""
    return GeneratorConfig(**WORLD_DEFAULTS)


def dbt_env(database: Path, work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "DO_NOT_TRACK": "1",
        "SHADOWPERSONA_DB": str(database),
        "SHADOWPERSONA_TMP": str(work / "duckdb_tmp"),
    }


def run_dbt(args: list[str], raw: Path, database: Path, work: Path) -> subprocess.CompletedProcess:
    command = [
        str(DBT),
        *args,
        "--vars",
        json.dumps({"raw_data_path": str(raw)}),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    return subprocess.run(
        command, cwd=ROOT, env=dbt_env(database, work), capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    work = tmp_path_factory.mktemp("e2e")
    cfg = default_config()
    raw = work / "raw"
    generate(cfg, raw)
    database = work / "shadowpersona.duckdb"
    result = run_dbt(["build"], raw, database, work)
    if result.returncode != 0:
        pytest.fail(f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    record_raw_world(database, raw)
    return BuiltProject(raw, database, work / "target", cfg)


# What the recovery mart needs, for the easy-world build (no tests: the default build runs them).
RECOVERY_SELECTION = [
    "--select",
    "+eval_trait_recovery",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]


@pytest.fixture(scope="session")
def built_easy(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    """The default size and seed in the easy world (the original, clear-signal world)."""
    work = tmp_path_factory.mktemp("e2e_easy")
    cfg = GeneratorConfig(**{**WORLD_DEFAULTS, "realism": "easy"})
    raw = work / "raw"
    generate(cfg, raw)
    database = work / "shadowpersona.duckdb"
    result = run_dbt(["build", *RECOVERY_SELECTION], raw, database, work)
    if result.returncode != 0:
        pytest.fail(f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    return BuiltProject(raw, database, work / "target", cfg)


def record_raw_world(database: Path, raw: Path) -> None:
    """What `make build` records after dbt build (scripts/build_database.py): the raw world's
    _world.json, which labels the figures in docs/ (shadowpersona/docs_figures.py)."""
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema if not exists build_info")
        connection.execute("create or replace table build_info.raw_world (world_json varchar)")
        connection.execute(
            "insert into build_info.raw_world values (?)", [(raw / "_world.json").read_text()]
        )


REPORTS = ROOT / "reports"


def build_reports(built: BuiltProject, *flags: str) -> subprocess.CompletedProcess:
    """scripts/build_reports.py on the test database (it builds into reports/build)."""
    command = [sys.executable, str(ROOT / "scripts" / "build_reports.py")]
    return subprocess.run(
        [*command, "--database", str(built.database), *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )


@pytest.fixture(scope="session")
def keep_users_site(tmp_path_factory: pytest.TempPathFactory):
    """The site tests build from the test database into reports/; put back the user's own
    build and extracted data afterwards, so `make test` does not replace their site."""
    saved = tmp_path_factory.mktemp("users_site")
    kept = [REPORTS / "build", REPORTS / ".evidence" / "template" / "static" / "data"]
    for index, path in enumerate(kept):
        if path.exists():
            shutil.move(path, saved / str(index))
    yield
    for index, path in enumerate(kept):
        shutil.rmtree(path, ignore_errors=True)
        if (saved / str(index)).exists():
            shutil.move(saved / str(index), path)


@pytest.fixture(scope="session")
def strict_site(
    built: BuiltProject, keep_users_site: None, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The site `build:strict` makes from the test database, built once per session and
    copied out of reports/build (the single-page-app test builds over it)."""
    result = build_reports(built)
    if result.returncode != 0:
        pytest.fail(f"build:strict failed:\n{result.stdout[-5000:]}\n{result.stderr[-3000:]}")
    site = tmp_path_factory.mktemp("site") / "build"
    shutil.copytree(REPORTS / "build", site)
    return site
