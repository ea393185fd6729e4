"""Simulated A/B experiments of the what-if changes: one row per change (scenario) per
profiled user, with the user's outcomes over `sessions_per_user` simulated sessions.

Each user is in the arm int_experiment__assignments gives them. Their sessions walk from
`start` to `end` through their persona's transition matrix (int_markov__transitions): the
baseline matrix in the control arm, the scenario's matrix in the treatment arm. The unit of
randomisation is the user, so the outcomes are per user (the share of their sessions that
reached a share or an ad click, their mean events and posts seen per session): sessions of
one user are not independent observations of the change, and analysing them as if they were
would understate the uncertainty. Each user mean of k sessions has the per-session value as
its expectation, so a difference between the arms estimates the analytic what-if effect.

Seeded per scenario (the seed and the scenario's name, not which other scenarios exist); users
are sorted by user_id and the walk is vectorised over every session of the experiment, so the
same inputs give the same rows bit for bit.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

START = "start"
BASELINE = "baseline"
OUTCOMES = ["p_reach_share", "p_reach_ad_click", "expected_events", "expected_posts_seen"]


def cumulative_matrix(rows: pd.DataFrame, states: list[str], absorbing: list[str]) -> np.ndarray:
    """The chain's stochastic matrix in the given state order, cumulated along each row.

    Absorbing states stay put; the last column is infinite so that a draw in [0, 1) always
    lands in a row that sums to 1 - epsilon.
    """
    p = (
        rows.pivot_table(
            index="from_state", columns="to_state", values="probability", aggfunc="sum"
        )
        .reindex(index=states, columns=states)
        .fillna(0.0)
    )
    matrix = np.array(p.to_numpy(dtype=float), copy=True)
    for state in absorbing:
        index = states.index(state)
        matrix[index, :] = 0.0
        matrix[index, index] = 1.0
    cumulative = np.cumsum(matrix, axis=1)
    cumulative[:, -1] = np.inf
    return cumulative


def walk_sessions(
    cumulative: np.ndarray,
    chain: np.ndarray,
    start: int,
    is_absorbing: np.ndarray,
    rng: np.random.Generator,
    max_steps: int,
) -> np.ndarray:
    """Walks one session per entry of `chain` (the index of its matrix in `cumulative`, an
    array of cumulated matrices) from `start` until absorption.

    Returns visits[session, state], the number of times the walk entered the state (start
    counts once). Raises if a walk is still going after max_steps moves.
    """
    n_sessions = chain.size
    state = np.full(n_sessions, start, dtype=np.int64)
    visits = np.zeros((n_sessions, cumulative.shape[1]), dtype=np.int64)
    visits[:, start] = 1
    active = np.flatnonzero(~is_absorbing[state])
    for _ in range(max_steps):
        if active.size == 0:
            return visits
        draws = rng.random(active.size)
        rows = cumulative[chain[active], state[active]]
        nxt = (draws[:, None] >= rows).sum(axis=1)
        state[active] = nxt
        visits[active, nxt] += 1
        active = active[~is_absorbing[nxt]]
    if active.size:
        raise RuntimeError(
            f"{active.size} simulated sessions did not end within {max_steps} moves: "
            "check the transition matrices or raise var markov_mc_max_steps"
        )
    return visits


def user_outcomes(visits: np.ndarray, names: list[str], sessions_per_user: int) -> pd.DataFrame:
    """Per-user means of the session outcomes; sessions are stored user by user."""
    n_users = visits.shape[0] // sessions_per_user
    shaped = visits.reshape(n_users, sessions_per_user, len(names))
    # Events = transient states entered after start: every entry but start's and end's.
    absorbing_entries = shaped[:, :, names.index("end")]
    n_events = shaped.sum(axis=2) - 1 - absorbing_entries
    return pd.DataFrame(
        {
            "p_reach_share": (shaped[:, :, names.index("share")] > 0).mean(axis=1),
            "p_reach_ad_click": (shaped[:, :, names.index("ad_click")] > 0).mean(axis=1),
            "expected_events": n_events.mean(axis=1),
            "expected_posts_seen": shaped[:, :, names.index("feed")].mean(axis=1),
        }
    )


def scenario_seed(seed: int, scenario: str) -> list[int]:
    """A seed per experiment that does not depend on which other experiments exist."""
    return [seed, zlib.crc32(f"experiment/{scenario}".encode())]


def simulate_experiment(
    users: pd.DataFrame,
    matrices: dict[tuple[str, str], np.ndarray],
    states: pd.DataFrame,
    sessions_per_user: int,
    rng: np.random.Generator,
    max_steps: int,
) -> pd.DataFrame:
    """One experiment: `users` (one scenario's rows of the assignments, sorted by user_id)
    with their outcomes. `matrices` maps (scenario, segment) to a cumulated matrix."""
    ordered = states.sort_values("state_order")
    names = ordered["state"].tolist()
    is_absorbing = ordered["is_absorbing"].astype(bool).to_numpy()
    keys = sorted(matrices)
    stacked = np.stack([matrices[key] for key in keys])
    index = {key: position for position, key in enumerate(keys)}
    user_chain = np.array(
        [
            index[(scenario if is_treatment else BASELINE, persona)]
            for scenario, persona, is_treatment in zip(
                users["scenario"], users["persona"], users["is_treatment"], strict=True
            )
        ],
        dtype=np.int64,
    )
    chain = np.repeat(user_chain, sessions_per_user)
    visits = walk_sessions(stacked, chain, names.index(START), is_absorbing, rng, max_steps)
    outcomes = user_outcomes(visits, names, sessions_per_user)
    frame = users[["scenario", "user_id", "persona", "arm", "is_treatment"]].reset_index(drop=True)
    frame["n_sessions"] = sessions_per_user
    return pd.concat([frame, outcomes], axis=1)


def simulate_all(
    assignments: pd.DataFrame,
    transitions: pd.DataFrame,
    states: pd.DataFrame,
    sessions_per_user: int,
    seed: int,
    max_steps: int,
) -> pd.DataFrame:
    ordered = states.sort_values("state_order")
    names = ordered["state"].tolist()
    absorbing = ordered.loc[ordered["is_absorbing"].astype(bool), "state"].tolist()
    matrices = {
        (scenario, segment): cumulative_matrix(rows, names, absorbing)
        for (scenario, segment), rows in transitions.groupby(["scenario", "segment"], sort=True)
    }
    frames = []
    for scenario, users in assignments.groupby("scenario", sort=True):
        rng = np.random.default_rng(scenario_seed(seed, scenario))
        frames.append(
            simulate_experiment(
                users.sort_values("user_id"),
                matrices,
                states,
                sessions_per_user,
                rng,
                max_steps,
            )
        )
    return pd.concat(frames, ignore_index=True)


def model(dbt, session):
    dbt.config(materialized="table")
    assignments = dbt.ref("int_experiment__assignments").df()
    transitions = dbt.ref("int_markov__transitions").df()
    states = dbt.ref("markov_states").df()
    return simulate_all(
        assignments,
        transitions,
        states,
        sessions_per_user=int(dbt.config.get("sessions_per_user")),
        seed=int(dbt.config.get("experiment_seed")),
        max_steps=int(dbt.config.get("max_steps")),
    )
