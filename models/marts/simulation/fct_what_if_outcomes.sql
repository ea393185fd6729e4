-- Expected outcomes of a session, from `start`, for every scenario and segment, read off the
-- fundamental matrix N: the probability of reaching a state s before the end is
-- N[start, s] / N[s, s]; the expected number of events is the sum of N's start row minus the
-- visit to start itself. Each scenario is compared with the baseline of the same segment,
-- and the baseline with what the clickstream shows.
with

expected_visits as (
    select
        scenario,
        segment,
        from_state,
        to_state,
        expected_visits
    from {{ ref('fct_markov_expected_visits') }}
),

session_steps as (
    select
        session_id,
        user_id,
        step_number,
        state
    from {{ ref('feat_session_steps') }}
),

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

scenarios as (
    select
        scenario,
        scenario_label,
        scenario_order,
        description as scenario_description
    from {{ ref('what_if_scenarios') }}
),

personas as (
    select
        persona,
        persona_label
    from {{ ref('personas') }}
),

from_start as (
    select
        scenario,
        segment,
        to_state,
        expected_visits
    from expected_visits
    where from_state = 'start'
),

returns as (
    select
        scenario,
        segment,
        to_state,
        expected_visits as expected_visits_from_itself
    from expected_visits
    where from_state = to_state
),

analytic as (
    select
        from_start.scenario,
        from_start.segment,
        max(case
            when from_start.to_state = 'share'
                then from_start.expected_visits / returns.expected_visits_from_itself
        end) as p_reach_share,
        max(case
            when from_start.to_state = 'ad_click'
                then from_start.expected_visits / returns.expected_visits_from_itself
        end) as p_reach_ad_click,
        sum(from_start.expected_visits) - 1 as expected_events,
        max(case when from_start.to_state = 'feed' then from_start.expected_visits end)
            as expected_posts_seen
    from from_start
    inner join returns
        on
            from_start.scenario = returns.scenario
            and from_start.segment = returns.segment
            and from_start.to_state = returns.to_state
    group by from_start.scenario, from_start.segment
),

analytic_long as (
    select
        scenario,
        segment,
        'p_reach_share' as outcome,
        p_reach_share as outcome_value
    from analytic
    union all
    select
        scenario,
        segment,
        'p_reach_ad_click' as outcome,
        p_reach_ad_click as outcome_value
    from analytic
    union all
    select
        scenario,
        segment,
        'expected_events' as outcome,
        expected_events as outcome_value
    from analytic
    union all
    select
        scenario,
        segment,
        'expected_posts_seen' as outcome,
        expected_posts_seen as outcome_value
    from analytic
),

session_summary as (
    select
        session_steps.session_id,
        session_steps.user_id,
        max(case when session_steps.state = 'share' then 1 else 0 end) as has_share,
        max(case when session_steps.state = 'ad_click' then 1 else 0 end) as has_ad_click,
        sum(case when session_steps.step_number > 0 then 1 else 0 end) as n_events,
        sum(case when session_steps.state = 'feed' then 1 else 0 end) as n_posts_seen
    from session_steps
    group by session_steps.session_id, session_steps.user_id
),

sessions_by_segment as (
    select
        'all' as segment,
        session_summary.*
    from session_summary
    union all
    select
        user_personas.persona as segment,
        session_summary.*
    from session_summary
    inner join user_personas
        on session_summary.user_id = user_personas.user_id
),

observed as (
    select
        segment,
        count(*) as n_sessions,
        avg(has_share) as p_reach_share,
        avg(has_ad_click) as p_reach_ad_click,
        avg(n_events) as expected_events,
        avg(n_posts_seen) as expected_posts_seen
    from sessions_by_segment
    group by segment
),

observed_long as (
    select
        segment,
        n_sessions,
        'p_reach_share' as outcome,
        p_reach_share as observed_value
    from observed
    union all
    select
        segment,
        n_sessions,
        'p_reach_ad_click' as outcome,
        p_reach_ad_click as observed_value
    from observed
    union all
    select
        segment,
        n_sessions,
        'expected_events' as outcome,
        expected_events as observed_value
    from observed
    union all
    select
        segment,
        n_sessions,
        'expected_posts_seen' as outcome,
        expected_posts_seen as observed_value
    from observed
),

compared as (
    select
        analytic_long.scenario,
        scenarios.scenario_label,
        scenarios.scenario_order,
        scenarios.scenario_description,
        analytic_long.segment,
        coalesce(personas.persona_label, 'Everyone') as segment_label,
        analytic_long.outcome,
        analytic_long.outcome_value,
        baseline.outcome_value as baseline_value,
        analytic_long.outcome_value - baseline.outcome_value as absolute_change,
        100.0 * (analytic_long.outcome_value - baseline.outcome_value)
        / nullif(baseline.outcome_value, 0) as relative_change_pct,
        observed_long.observed_value,
        coalesce(observed_long.n_sessions, 0) as n_sessions_observed
    from analytic_long
    inner join scenarios
        on analytic_long.scenario = scenarios.scenario
    inner join analytic_long as baseline
        on
            baseline.scenario = 'baseline'
            and analytic_long.segment = baseline.segment
            and analytic_long.outcome = baseline.outcome
    left join personas
        on analytic_long.segment = personas.persona
    left join observed_long
        on
            analytic_long.segment = observed_long.segment
            and analytic_long.outcome = observed_long.outcome
)

select
    cast(scenario as varchar) as scenario,
    cast(scenario_label as varchar) as scenario_label,
    cast(scenario_order as integer) as scenario_order,
    cast(scenario_description as varchar) as scenario_description,
    cast(segment as varchar) as segment,
    cast(segment_label as varchar) as segment_label,
    cast(outcome as varchar) as outcome,
    cast(outcome_value as double) as outcome_value,
    cast(baseline_value as double) as baseline_value,
    cast(absolute_change as double) as absolute_change,
    cast(relative_change_pct as double) as relative_change_pct,
    cast(observed_value as double) as observed_value,
    cast(n_sessions_observed as bigint) as n_sessions_observed
from compared
