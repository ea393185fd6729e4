"""Monte Carlo check of the absorbing-chain results: one row per scenario x segment x state.
`n_paths` sessions are simulated from `start` through the same transition matrices
(int_markov__transitions) until they end; each row says how many reached the state, with the
mean and standard deviation of the number of events per simulated session (the same on
every row of a scenario x segment). Seeded: the same seed and matrices give the same
paths. eval_markov_monte_carlo compares these with the analytic values.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

GROUP = ["scenario", "segment"]
START = "start"


def transition_matrix(rows: pd.DataFrame, states: list[str], absorbing: list[str]) -> np.ndarray:
    """The full stochastic matrix P in the given order; absorbing states stay put."""
    p = (
        rows.pivot_table(
            index="from_state", columns="to_state", values="probability", aggfunc="sum"
        )
        .reindex(index=states, columns=states)
        .fillna(0.0)
    )
    matrix = np.array(p.to_numpy(dtype=float), copy=True)  # pandas may hand out read-only views
    for state in absorbing:
        index = states.index(state)
        matrix[index, :] = 0.0
        matrix[index, index] = 1.0
    return matrix


def simulate_paths(
    p: np.ndarray,
    start: int,
    is_absorbing: np.ndarray,
    n_paths: int,
    rng: np.random.Generator,
    max_steps: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs n_paths walks from `start` until absorption (or max_steps moves).

    Returns (reached, n_moves, finished): reached[path, state] is true when the walk visited
    the state, n_moves counts moves into any state (absorption included), and finished is
    false for a walk cut off at max_steps.
    """
    cumulative = np.cumsum(p, axis=1)
    cumulative[:, -1] = np.inf  # guards against rows summing to 1 - epsilon
    state = np.full(n_paths, start, dtype=np.int64)
    reached = np.zeros((n_paths, p.shape[0]), dtype=bool)
    reached[:, start] = True
    n_moves = np.zeros(n_paths, dtype=np.int64)
    active = np.flatnonzero(~is_absorbing[state])
    for _ in range(max_steps):
        if active.size == 0:
            break
        draws = rng.random(active.size)
        rows = cumulative[state[active]]
        nxt = (draws[:, None] >= rows).sum(axis=1)
        state[active] = nxt
        reached[active, nxt] = True
        n_moves[active] += 1
        active = active[~is_absorbing[nxt]]
    finished = is_absorbing[state]
    return reached, n_moves, finished


def matrix_seed(seed: int, scenario: str, segment: str) -> list[int]:
    """A seed per matrix that does not depend on which other matrices exist."""
    return [seed, zlib.crc32(f"{scenario}/{segment}".encode())]


def simulate_all(
    transitions: pd.DataFrame,
    states: pd.DataFrame,
    n_paths: int,
    seed: int,
    max_steps: int,
) -> pd.DataFrame:
    ordered = states.sort_values("state_order")
    names = ordered["state"].tolist()
    absorbing_flags = ordered["is_absorbing"].astype(bool).to_numpy()
    absorbing = [name for name, flag in zip(names, absorbing_flags, strict=True) if flag]
    records = []
    for (scenario, segment), rows in transitions.groupby(GROUP, sort=True):
        p = transition_matrix(rows, names, absorbing)
        rng = np.random.default_rng(matrix_seed(seed, scenario, segment))
        reached, n_moves, finished = simulate_paths(
            p, names.index(START), absorbing_flags, n_paths, rng, max_steps
        )
        # Events = transient states visited after start: every move but the one into `end`.
        n_events = n_moves - 1
        for index, name in enumerate(names):
            records.append(
                {
                    "scenario": scenario,
                    "segment": segment,
                    "state": name,
                    "n_paths": n_paths,
                    "n_reaching": int(reached[:, index].sum()),
                    "n_unfinished": int((~finished).sum()),
                    "mean_events": float(n_events.mean()),
                    "sd_events": float(n_events.std(ddof=1)),
                }
            )
    return pd.DataFrame.from_records(records)


def model(dbt, session):
    dbt.config(materialized="table")
    transitions = dbt.ref("int_markov__transitions").df()
    states = dbt.ref("markov_states").df()
    return simulate_all(
        transitions,
        states,
        n_paths=int(dbt.config.get("mc_paths")),
        seed=int(dbt.config.get("mc_seed")),
        max_steps=int(dbt.config.get("mc_max_steps")),
    )
