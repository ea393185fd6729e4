-- Every row of every transition matrix (scenario x segment x from_state) is a probability
-- distribution: before and after the scenario's change, the probabilities sum to 1.
-- Returns the rows that do not.
with

transitions as (
    select
        scenario,
        segment,
        from_state,
        baseline_probability,
        probability
    from {{ ref('fct_markov_transitions') }}
),

row_sums as (
    select
        scenario,
        segment,
        from_state,
        sum(baseline_probability) as baseline_total,
        sum(probability) as total
    from transitions
    group by scenario, segment, from_state
)

select *
from row_sums
where abs(total - 1) > 1e-9 or abs(baseline_total - 1) > 1e-9
