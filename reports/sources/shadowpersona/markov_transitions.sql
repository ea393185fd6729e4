-- The estimated transition matrices (baseline scenario), overall and per persona.
select
    segment,
    from_state,
    to_state,
    from_state_order,
    to_state_order,
    cast(n_transitions as double) as n_transitions,
    probability
from marts.fct_markov_transitions
where scenario = 'baseline'
