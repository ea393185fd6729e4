-- Checks NumPy's inversion in SQL, independently: the fundamental matrix N = (I - Q)^-1 is the
-- one matrix with N = I + Q N, i.e. visits from i = this visit + the visits from wherever the
-- session moves next. Returns every entry where that fails by more than 1e-6 (relative).
with

transitions as (
    select
        scenario,
        segment,
        from_state,
        to_state,
        probability
    from {{ ref('fct_markov_transitions') }}
),

expected_visits as (
    select
        scenario,
        segment,
        from_state,
        to_state,
        expected_visits
    from {{ ref('fct_markov_expected_visits') }}
),

-- (Q N)[i, j]: sum over transient k of Q[i, k] N[k, j]; moves into `end` add nothing.
q_times_n as (
    select
        transitions.scenario,
        transitions.segment,
        transitions.from_state,
        expected_visits.to_state,
        sum(transitions.probability * expected_visits.expected_visits) as onward_visits
    from transitions
    inner join expected_visits
        on
            transitions.scenario = expected_visits.scenario
            and transitions.segment = expected_visits.segment
            and transitions.to_state = expected_visits.from_state
    group by all
),

checked as (
    select
        expected_visits.*,
        case when expected_visits.from_state = expected_visits.to_state then 1 else 0 end
        + coalesce(q_times_n.onward_visits, 0) as implied_visits
    from expected_visits
    left join q_times_n
        on
            expected_visits.scenario = q_times_n.scenario
            and expected_visits.segment = q_times_n.segment
            and expected_visits.from_state = q_times_n.from_state
            and expected_visits.to_state = q_times_n.to_state
)

select *
from checked
where abs(expected_visits - implied_visits) > 1e-6 * greatest(1, expected_visits)
