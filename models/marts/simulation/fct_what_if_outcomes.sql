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

session_outcomes as (
    select
        user_id,
        has_share,
        has_ad_click,
        n_events,
        n_posts_seen
    from {{ ref('int_sessions__outcomes') }}
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

-- Per target state: visits expected from start, and from the state itself (N[s, s]).
visits_by_target as (
    select
        scenario,
        segment,
        to_state,
        max(case when from_state = 'start' then expected_visits end) as from_start,
        max(case when from_state = to_state then expected_visits end) as from_itself
    from expected_visits
    group by scenario, segment, to_state
),

analytic as (
    select
        scenario,
        segment,
        max(case when to_state = 'share' then from_start / from_itself end) as p_reach_share,
        max(case when to_state = 'ad_click' then from_start / from_itself end)
            as p_reach_ad_click,
        sum(from_start) - 1 as expected_events,
        max(case when to_state = 'feed' then from_start end) as expected_posts_seen
    from visits_by_target
    group by scenario, segment
),

outcome_names as (
    select
        outcome,
        outcome_label,
        outcome_order
    from {{ ref('simulation_outcomes') }}
),

analytic_long as (
    select
        analytic.scenario,
        analytic.segment,
        outcome_names.outcome,
        outcome_names.outcome_label,
        outcome_names.outcome_order,
        case outcome_names.outcome
            when 'p_reach_share' then analytic.p_reach_share
            when 'p_reach_ad_click' then analytic.p_reach_ad_click
            when 'expected_events' then analytic.expected_events
            when 'expected_posts_seen' then analytic.expected_posts_seen
        end as outcome_value
    from analytic
    cross join outcome_names
),

sessions_by_segment as (
    select
        'all' as segment,
        session_outcomes.*
    from session_outcomes
    union all
    select
        user_personas.persona as segment,
        session_outcomes.*
    from session_outcomes
    inner join user_personas
        on session_outcomes.user_id = user_personas.user_id
),

observed as (
    select
        segment,
        count(*) as n_sessions,
        avg(case when has_share then 1.0 else 0.0 end) as p_reach_share,
        avg(case when has_ad_click then 1.0 else 0.0 end) as p_reach_ad_click,
        avg(n_events) as expected_events,
        avg(n_posts_seen) as expected_posts_seen
    from sessions_by_segment
    group by segment
),

observed_long as (
    select
        observed.segment,
        observed.n_sessions,
        outcome_names.outcome,
        case outcome_names.outcome
            when 'p_reach_share' then observed.p_reach_share
            when 'p_reach_ad_click' then observed.p_reach_ad_click
            when 'expected_events' then observed.expected_events
            when 'expected_posts_seen' then observed.expected_posts_seen
        end as observed_value
    from observed
    cross join outcome_names
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
        analytic_long.outcome_label,
        analytic_long.outcome_order,
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
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(scenario_label as {{ dbt.type_string() }}) as scenario_label,
    cast(scenario_order as integer) as scenario_order,
    cast(scenario_description as {{ dbt.type_string() }}) as scenario_description,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(segment_label as {{ dbt.type_string() }}) as segment_label,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(outcome_label as {{ dbt.type_string() }}) as outcome_label,
    cast(outcome_order as integer) as outcome_order,
    cast(outcome_value as double) as outcome_value,
    cast(baseline_value as double) as baseline_value,
    cast(absolute_change as double) as absolute_change,
    cast(relative_change_pct as double) as relative_change_pct,
    cast(observed_value as double) as observed_value,
    cast(n_sessions_observed as bigint) as n_sessions_observed
from compared
