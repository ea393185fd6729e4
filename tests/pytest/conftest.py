"""Shared fixtures: a generated world and one dbt build of it, made once per test session.

The end-to-end build uses the generator's default size, seed and realism (the same as `make
run`), so the recovery figures asserted here are the ones the README quotes. A second build
of the easy world (only what the recovery mart needs) checks the clear-signal figures. Both
write to a temporary DuckDB file and target folder, never to the user's shadowpersona.duckdb.
"""

from __future__ import annotations

import json
import os
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
