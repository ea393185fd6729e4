-- The session Markov model's transition matrices, published: estimated and changed by the
-- what-if scenarios in int_markov__transitions, which the Markov Python models read too (a
-- model reads its own layer or the one below, never a mart).
with

transitions as (
    select
        scenario,
        segment,
        from_state,
        to_state,
        from_state_order,
        to_state_order,
        n_transitions,
        baseline_probability,
        probability
    from {{ ref('int_markov__transitions') }}
)

select * from transitions
