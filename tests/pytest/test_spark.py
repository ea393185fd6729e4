"""The same dbt project on two engines: DuckDB and Apache Spark build the same marts.

One small world (300 users x 7 days) is built twice from the same Parquet files: by the
default DuckDB target, and by the `spark` target (dbt-spark, local session mode) in one
`dbt build` of the core pipeline (selector spark_core: seeds, staging, features, scores,
explanations, evaluation, with their tests). Each core mart must then hold the same rows on
both engines: the same keys, integers, strings, booleans, dates and timestamps exactly, and
doubles within REL_TOLERANCE (Spark and DuckDB add and divide in different orders and
types, so the last bits may differ).

Spark has no runner for dbt Python models in session mode, so the `learned` scoring method
is not built there (docs/operations.md#running-on-spark): the DuckDB side is compared on its
`hand-set` rows.

Slow (Spark starts a JVM, then runs about 360 models and tests one by one): it runs in
`make test-spark`, not in `make test`. It needs the packages of requirements-spark.txt and
Java 17.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from shadowpersona.cli import WORLD_DEFAULTS
from shadowpersona.generator import GeneratorConfig, generate
from tests.pytest.conftest import DBT, ROOT, dbt_env, run_dbt

pytestmark = pytest.mark.spark

# A double on Spark may differ from DuckDB's by this much, relative to the larger of the two
# values' magnitude and 1 (so values near zero are compared to within 1e-9 absolute).
REL_TOLERANCE = 1e-9

# The core marts and their primary keys.
CORE_MARTS = {
    "dim_users": ["user_id"],
    "fct_user_traits": ["user_id", "trait", "method"],
    "fct_trait_explanations": ["user_id", "trait", "method", "feature_name"],
    "dim_scoring_weights": ["method", "trait", "feature_name"],
    "dim_traits": ["trait"],
    "fct_trait_correlations": ["trait_a", "trait_b"],
    "eval_trait_recovery": ["trait", "method", "evaluation_set", "compared_against"],
    "eval_feature_ablation": ["trait", "method", "removed_feature_group"],
    "fct_engagement_heatmap": ["day_of_week", "hour_of_day"],
}


@dataclass(frozen=True)
class TwoEngines:
    duckdb_database: Path
    spark_warehouse: Path

    def duckdb_mart(self, name: str) -> pd.DataFrame:
        with duckdb.connect(str(self.duckdb_database), read_only=True) as connection:
            frame = connection.sql(f"select * from marts.{name}").df()
        if "method" in frame.columns:
            frame = frame[frame["method"] == "hand-set"]
        return frame

    def spark_mart(self, name: str) -> pd.DataFrame:
        # Spark's tables are plain Parquet folders in its warehouse: read them without Spark.
        folder = self.spark_warehouse / "marts.db" / name
        with duckdb.connect() as connection:
            return connection.sql(f"select * from read_parquet('{folder}/*.parquet')").df()


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory: pytest.TempPathFactory) -> TwoEngines:
    work = tmp_path_factory.mktemp("spark")
    raw = work / "raw"
    generate(GeneratorConfig(**{**WORLD_DEFAULTS, "users": 300, "days": 7}), raw)
    # Spark skips files whose names start with '_': it reads the world from a visible copy
    # (macros/register_raw_sources.sql), as make build-spark writes one.
    shutil.copyfile(raw / "_world.json", raw / "world.json")

    database = work / "shadowpersona.duckdb"
    result = run_dbt(["build", "--selector", "spark_core"], raw, database, work / "duckdb")
    if result.returncode != 0:
        pytest.fail(f"DuckDB build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")

    spark_dir = work / "spark"
    command = [
        str(DBT),
        "build",
        "--target",
        "spark",
        "--selector",
        "spark_core",
        "--vars",
        json.dumps({"raw_data_path": str(raw)}),
        "--target-path",
        str(spark_dir / "target"),
        "--log-path",
        str(spark_dir / "logs"),
    ]
    env = {**dbt_env(database, work), "SHADOWPERSONA_SPARK_DIR": str(spark_dir)}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        pytest.fail(f"Spark build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    return TwoEngines(database, spark_dir / "warehouse")


def assert_same_rows(name: str, duck: pd.DataFrame, spark: pd.DataFrame) -> None:
    keys = CORE_MARTS[name]
    assert list(spark.columns) == list(duck.columns), name
    assert len(duck) > 0, name
    assert len(spark) == len(duck), f"{name}: {len(spark)} rows on Spark, {len(duck)} on DuckDB"
    assert not duck.duplicated(keys).any() and not spark.duplicated(keys).any(), name
    joined = duck.merge(spark, on=keys, how="outer", suffixes=("_duckdb", "_spark"), indicator=True)
    unmatched = joined[joined["_merge"] != "both"]
    assert unmatched.empty, f"{name}: keys on one engine only:\n{unmatched[keys].head(10)}"
    for column in duck.columns:
        if column in keys:
            continue
        left, right = joined[f"{column}_duckdb"], joined[f"{column}_spark"]
        if pd.api.types.is_float_dtype(left) or pd.api.types.is_float_dtype(right):
            left, right = left.astype(float).to_numpy(), right.astype(float).to_numpy()
            scale = np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
            close = (np.abs(left - right) <= REL_TOLERANCE * scale) | (
                np.isnan(left) & np.isnan(right)
            )
            worst = np.nanmax(np.where(close, 0.0, np.abs(left - right) / scale), initial=0.0)
            assert close.all(), (
                f"{name}.{column}: {int((~close).sum())} values differ (worst rel {worst:.2e}):\n"
                f"{joined.loc[~close, [*keys, f'{column}_duckdb', f'{column}_spark']].head(10)}"
            )
        else:
            same = (left == right) | (left.isna() & right.isna())
            assert same.all(), (
                f"{name}.{column}: {int((~same).sum())} values differ:\n"
                f"{joined.loc[~same, [*keys, f'{column}_duckdb', f'{column}_spark']].head(10)}"
            )


@pytest.mark.parametrize("name", sorted(CORE_MARTS))
def test_spark_builds_the_same_mart_as_duckdb(built_twice: TwoEngines, name: str) -> None:
    assert_same_rows(name, built_twice.duckdb_mart(name), built_twice.spark_mart(name))


def test_spark_scores_only_the_hand_set_method(built_twice: TwoEngines) -> None:
    """The learned method needs the Python models, which Spark in session mode cannot run."""
    methods = set(built_twice.spark_mart("fct_user_traits")["method"])
    assert methods == {"hand-set"}
    with duckdb.connect(str(built_twice.duckdb_database), read_only=True) as connection:
        rows = connection.sql("select distinct method from marts.fct_user_traits").fetchall()
    duck_methods = {method for (method,) in rows}
    assert duck_methods == {"hand-set", "learned"}
