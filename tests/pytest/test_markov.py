"""The absorbing-chain algebra and the Monte Carlo walker of the Markov what-if models,
tested on chains small enough to solve by hand. The functions live in the dbt Python model
files (models/intermediate/markov/int_markov__*.py), loaded here as modules."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

MARKOV = Path(__file__).resolve().parents[2] / "models" / "intermediate" / "markov"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, MARKOV / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


visits = load("int_markov__expected_visits")
paths = load("int_markov__simulated_paths")

# Two transient states that hand the session to each other with probability 1/2, and end
# otherwise. By hand: N = (I - Q)^-1 = 1/(1 - 1/4) [[1, 1/2], [1/2, 1]] = [[4/3, 2/3], [2/3, 4/3]];
# expected steps before the end from either state = 4/3 + 2/3 = 2; the probability of ever
# reaching the other state = N[0, 1] / N[1, 1] = 1/2.
Q_TWO = np.array([[0.0, 0.5], [0.5, 0.0]])
N_TWO = np.array([[4 / 3, 2 / 3], [2 / 3, 4 / 3]])


def test_fundamental_matrix_of_a_hand_solved_chain() -> None:
    n = visits.fundamental_matrix(Q_TWO)
    np.testing.assert_allclose(n, N_TWO, rtol=1e-12)
    np.testing.assert_allclose(n.sum(axis=1), [2.0, 2.0], rtol=1e-12)
    assert n[0, 1] / n[1, 1] == pytest.approx(0.5)


def test_fundamental_matrix_of_a_geometric_loop() -> None:
    # One state that repeats with probability p: expected visits 1 / (1 - p).
    n = visits.fundamental_matrix(np.array([[0.8]]))
    assert n[0, 0] == pytest.approx(5.0)


def states_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "state": ["start", "x", "end"],
            "state_order": [0, 1, 2],
            "is_absorbing": [False, False, True],
        }
    )


def transitions_frame() -> pd.DataFrame:
    """start -> x always; x -> x 3/4, x -> end 1/4, in two scenarios of one segment."""
    rows = []
    for scenario, stay in (("baseline", 0.75), ("changed", 0.5)):
        rows += [
            (scenario, "all", "start", "x", 1.0),
            (scenario, "all", "start", "end", 0.0),
            (scenario, "all", "x", "x", stay),
            (scenario, "all", "x", "end", 1 - stay),
        ]
    return pd.DataFrame(
        rows, columns=["scenario", "segment", "from_state", "to_state", "probability"]
    )


def test_expected_visits_per_scenario_from_long_rows() -> None:
    result = visits.expected_visits(transitions_frame(), states_frame())
    assert len(result) == 2 * 2 * 2  # scenarios x transient from x transient to
    got = result.set_index(["scenario", "from_state", "to_state"])["expected_visits"]
    # From start: one visit to start, then 1 / (1 - stay) visits to x.
    assert got["baseline", "start", "start"] == pytest.approx(1.0)
    assert got["baseline", "start", "x"] == pytest.approx(4.0)
    assert got["changed", "start", "x"] == pytest.approx(2.0)
    assert got["baseline", "x", "start"] == pytest.approx(0.0)


def test_simulated_paths_agree_with_the_hand_solved_chain() -> None:
    # Q_TWO plus an absorbing third state; walks start in state 0.
    p = np.array([[0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.0, 0.0, 1.0]])
    absorbing = np.array([False, False, True])
    n_paths = 40_000
    reached, n_moves, finished = paths.simulate_paths(
        p, 0, absorbing, n_paths, np.random.default_rng(7), max_steps=10_000
    )
    assert finished.all()
    # P(reach state 1) = 1/2; visits to transient states = n_moves = 2 on average.
    p_hat = reached[:, 1].mean()
    assert abs(p_hat - 0.5) <= 4 * np.sqrt(0.25 / n_paths)
    assert abs(n_moves.mean() - 2.0) <= 4 * n_moves.std(ddof=1) / np.sqrt(n_paths)


def test_simulation_is_seeded_and_reports_unfinished_walks() -> None:
    p = np.array([[0.9, 0.1], [0.0, 1.0]])
    absorbing = np.array([False, True])
    first = paths.simulate_paths(p, 0, absorbing, 500, np.random.default_rng(1), 10_000)
    again = paths.simulate_paths(p, 0, absorbing, 500, np.random.default_rng(1), 10_000)
    np.testing.assert_array_equal(first[1], again[1])
    _, _, finished = paths.simulate_paths(p, 0, absorbing, 500, np.random.default_rng(1), 3)
    assert not finished.all()


def test_simulate_all_counts_events_after_start() -> None:
    result = paths.simulate_all(
        transitions_frame(), states_frame(), n_paths=20_000, seed=3, max_steps=10_000
    )
    baseline = result[(result["scenario"] == "baseline") & (result["state"] == "x")].iloc[0]
    assert baseline["n_reaching"] == 20_000
    assert baseline["n_unfinished"] == 0
    # Events per session = visits to x, geometric with mean 1 / (1 - 3/4) = 4.
    assert abs(baseline["mean_events"] - 4.0) <= 4 * baseline["sd_events"] / np.sqrt(20_000)
    # The matrix seed depends on the names only, not on the other matrices.
    assert paths.matrix_seed(3, "baseline", "all") == paths.matrix_seed(3, "baseline", "all")


@pytest.mark.e2e
def test_markov_marts_on_the_default_world(built) -> None:
    """On the end-to-end build: the Monte Carlo agrees everywhere, the baseline reproduces
    the observed mean session length, and the what-ifs move the outcomes the way they must."""
    with built.connect() as connection:
        n_rows, n_agree = connection.sql(
            "select count(*), count(*) filter (where is_within_tolerance) "
            "from marts.eval_markov_monte_carlo"
        ).fetchone()
        changes = dict(
            connection.sql(
                "select scenario || ':' || outcome, relative_change_pct "
                "from marts.fct_what_if_outcomes where segment = 'all'"
            ).fetchall()
        )
        personas = connection.sql(
            "select count(*), sum(n_users), (select count(distinct user_id) "
            "from marts.fct_user_traits) from marts.dim_personas"
        ).fetchone()
    assert n_rows >= 5 * 3 * 3 and n_agree == n_rows
    # Friction on the feed and an extra step before it shorten sessions and cut shares;
    # a one-tap share raises the share rate.
    assert changes["scroll_friction:expected_events"] < -20
    assert changes["scroll_friction:p_reach_share"] < 0
    assert changes["extra_onboarding_step:expected_posts_seen"] < 0
    assert changes["one_tap_share:p_reach_share"] > 10
    n_personas, n_assigned, n_profiled = personas
    assert 5 <= n_personas <= 8
    assert n_assigned == n_profiled
