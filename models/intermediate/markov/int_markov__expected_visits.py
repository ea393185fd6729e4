"""Absorbing-chain algebra for the session Markov model: one row per scenario x segment x
pair of transient states, with the expected number of visits to `to_state` before the session
ends, starting from `from_state`: the fundamental matrix N = (I - Q)^-1, where Q holds the
transition probabilities between transient states (int_markov__transitions).

A dbt Python model because matrix inversion is not a job for SQL. Contracts are not enforced
on Python models, so the typed, tested mart on top is marts.fct_markov_expected_visits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GROUP = ["scenario", "segment"]


def fundamental_matrix(q: np.ndarray) -> np.ndarray:
    """N = (I - Q)^-1 for the transient-to-transient block Q of an absorbing chain."""
    identity = np.eye(q.shape[0])
    # N = I + Q + Q^2 + ... is a sum of non-negative matrices, so every entry is >= 0; the
    # solver leaves round-off such as -1.1e-16 where a segment never reaches a state.
    return np.clip(np.linalg.solve(identity - q, identity), 0.0, None)


def transient_matrix(rows: pd.DataFrame, transient: list[str]) -> np.ndarray:
    """Q from long (from_state, to_state, probability) rows, in the given state order."""
    q = (
        rows.pivot_table(
            index="from_state", columns="to_state", values="probability", aggfunc="sum"
        )
        .reindex(index=transient, columns=transient)
        .fillna(0.0)
    )
    return q.to_numpy(dtype=float)


def expected_visits(transitions: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario x segment x transient from_state x transient to_state."""
    ordered = states.sort_values("state_order")
    transient = ordered.loc[~ordered["is_absorbing"].astype(bool), "state"].tolist()
    frames = []
    for (scenario, segment), rows in transitions.groupby(GROUP, sort=True):
        visits = fundamental_matrix(transient_matrix(rows, transient))
        frame = pd.DataFrame(visits, index=transient, columns=transient)
        frame = frame.rename_axis(index="from_state", columns="to_state")
        frame = frame.stack().rename("expected_visits").reset_index()
        frame.insert(0, "segment", segment)
        frame.insert(0, "scenario", scenario)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def model(dbt, session):
    dbt.config(materialized="table")
    transitions = dbt.ref("int_markov__transitions").df()
    states = dbt.ref("markov_states").df()
    return expected_visits(transitions, states)
