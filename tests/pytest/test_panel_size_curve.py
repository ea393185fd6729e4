"""The volunteers curve (marts.eval_panel_size_curve), on a small world with a large panel.

600 users x 4 days with half of them on the survey panel: ~210 training members, so the
curve has several nested training sizes. Only the mart and what it needs is built (models
and seeds; the default build runs the data tests). Figures are recomputed with SciPy from
the predictions, the ground truth Parquet file and the hand-set seed.
"""

from __future__ import annotations

import csv
import importlib.util
from types import ModuleType

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from scipy.stats import spearmanr

from shadowpersona.cli import WORLD_DEFAULTS
from shadowpersona.generator import GeneratorConfig, generate
from tests.pytest.conftest import ROOT, BuiltProject, run_dbt

pytestmark = pytest.mark.e2e

MODEL_FILE = ROOT / "models" / "intermediate" / "scoring" / "int_scoring__panel_predictions.py"
VARS = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
METHODS = {"hand-set", "ridge", "boosted"}


def predictions_module() -> ModuleType:
    """The dbt Python model's file, imported as a plain module (its functions need no dbt)."""
    spec = importlib.util.spec_from_file_location("int_scoring__panel_predictions", MODEL_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_panel(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    work = tmp_path_factory.mktemp("e2e_panel")
    cfg = GeneratorConfig(**{**WORLD_DEFAULTS, "users": 600, "days": 4, "panel_share": 0.5})
    raw = work / "raw"
    generate(cfg, raw)
    database = work / "shadowpersona.duckdb"
    selection = ["--select", "+eval_panel_size_curve", "--resource-type", "model"]
    result = run_dbt(["build", *selection, "--resource-type", "seed"], raw, database, work)
    if result.returncode != 0:
        pytest.fail(f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    return BuiltProject(raw, database, work / "target", cfg)


@pytest.fixture(scope="module")
def curve(built_panel: BuiltProject) -> pd.DataFrame:
    with built_panel.connect() as connection:
        return connection.sql("select * from marts.eval_panel_size_curve").df()


@pytest.fixture(scope="module")
def predictions(built_panel: BuiltProject) -> pd.DataFrame:
    with built_panel.connect() as connection:
        return connection.sql("select * from features.int_scoring__panel_predictions").df()


def test_every_method_and_trait_is_on_a_nested_increasing_curve(curve: pd.DataFrame) -> None:
    traits = set(pd.read_csv(ROOT / "seeds" / "traits.csv")["trait"])
    assert set(curve["method"]) == METHODS
    assert set(curve["trait"]) == traits
    sizes = sorted(curve["n_training_users"].unique())
    # The requested sizes below the training panel, then the whole panel: several points.
    requested = [size for size in VARS["learned_training_sizes"] if size < sizes[-1]]
    assert sizes == [*requested, sizes[-1]]
    assert len(sizes) >= 3
    for (_trait, _method), rows in curve.groupby(["trait", "method"]):
        assert sorted(rows["n_training_users"]) == sizes
    learned = curve[curve["method"] != "hand-set"].sort_values("n_training_users")
    for _, rows in learned.groupby(["trait", "method"]):
        # Fitted on at most the members it could draw on, and on more as the panel grows.
        assert (rows["n_labelled_users"] <= rows["n_training_users"]).all()
        assert rows["n_labelled_users"].is_monotonic_increasing
    assert np.isfinite(curve["spearman_rho_planted_trait"]).all()
    assert np.isfinite(curve["spearman_rho_self_report"]).all()
    # Every row is scored on the same held-out members.
    assert curve["n_held_out_users"].nunique() == 1


def test_training_sets_are_nested_prefixes_of_the_split_hash_order() -> None:
    module = predictions_module()
    sizes = module.training_sizes([25, 50, 100, 400], 210)
    assert sizes == [25, 50, 100, 210]


def test_held_out_rho_matches_scipy(
    built_panel: BuiltProject, curve: pd.DataFrame, predictions: pd.DataFrame
) -> None:
    latent = pq.read_table(built_panel.raw / "latent_traits.parquet").to_pandas()
    latent["user_id"] = latent["user_id"].astype(str)
    for method in ("ridge", "boosted"):
        rows = predictions[
            (predictions["method"] == method)
            & (predictions["trait"] == "impulsivity")
            & (predictions["n_training_users"] == predictions["n_training_users"].max())
        ].merge(latent, on=["user_id", "trait"])
        expected = spearmanr(rows["predicted_score"], rows["latent_score"]).statistic
        mart = curve[
            (curve["method"] == method)
            & (curve["trait"] == "impulsivity")
            & (curve["n_training_users"] == curve["n_training_users"].max())
        ]
        assert len(rows) == mart["n_held_out_users"].item()
        assert mart["spearman_rho_planted_trait"].item() == pytest.approx(expected, abs=1e-9)


def test_hand_set_reference_matches_scipy(
    built_panel: BuiltProject, curve: pd.DataFrame, predictions: pd.DataFrame
) -> None:
    with built_panel.connect() as connection:
        z_scores = connection.sql(
            "select user_id, feature_name, z_score from features.int_feature_scores__standardised"
        ).df()
    with open(ROOT / "seeds" / "trait_weights.csv", newline="") as handle:
        weights = pd.DataFrame(list(csv.DictReader(handle))).astype({"weight": float})
    latent = pq.read_table(built_panel.raw / "latent_traits.parquet").to_pandas()
    latent["user_id"] = latent["user_id"].astype(str)
    held_out = set(predictions["user_id"])
    scores = (
        z_scores[z_scores["user_id"].astype(str).isin(held_out)]
        .merge(weights[weights["trait"] == "notification_reactivity"], on="feature_name")
        .assign(part=lambda frame: frame["weight"] * frame["z_score"])
        .groupby("user_id", as_index=False)["part"]
        .sum()
        .astype({"user_id": str})
        .merge(latent[latent["trait"] == "notification_reactivity"], on="user_id")
    )
    expected = spearmanr(scores["part"], scores["latent_score"]).statistic
    is_reference = curve["method"] == "hand-set"
    reference = curve[is_reference & (curve["trait"] == "notification_reactivity")]
    assert reference["spearman_rho_planted_trait"].to_numpy() == pytest.approx(
        np.full(len(reference), expected), abs=1e-9
    )
