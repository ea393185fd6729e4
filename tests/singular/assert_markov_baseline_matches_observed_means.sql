-- The baseline chain is the maximum-likelihood estimate from complete session paths, so the
-- expected number of visits to each state from start equals the observed mean per session
-- (flow conservation): expected events and posts seen must match what the sessions show, for
-- every segment. A mismatch means paths were lost or counted twice between int_sessions__steps
-- and the marts. Returns the segments where they differ by more than 1e-6 (relative).
select
    segment,
    outcome,
    outcome_value,
    observed_value
from {{ ref('fct_what_if_outcomes') }}
where
    scenario = 'baseline'
    and outcome in ('expected_events', 'expected_posts_seen')
    and abs(outcome_value - observed_value) > 1e-6 * greatest(1, observed_value)
