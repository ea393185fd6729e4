-- Does simulating sessions through the transition matrices give the analytic outcomes? One
-- row per scenario x segment x outcome: the simulated estimate (int_markov__simulated_paths),
-- the analytic value (fct_what_if_outcomes), the Monte Carlo standard error and whether they
-- agree within var('markov_mc_tolerance_se') standard errors. The standard error of a
-- probability uses the analytic p (what it would be if the two agree); that of the mean
-- number of events uses the simulated standard deviation.
with

simulated as (
    select
        scenario,
        segment,
        state,
        n_paths,
        n_reaching,
        n_unfinished,
        mean_events,
        sd_events
    from {{ ref('int_markov__simulated_paths') }}
),

outcomes as (
    select
        scenario,
        segment,
        outcome,
        outcome_value
    from {{ ref('fct_what_if_outcomes') }}
    where outcome in ('p_reach_share', 'p_reach_ad_click', 'expected_events')
),

simulated_long as (
    select
        scenario,
        segment,
        'p_reach_' || state as outcome,
        n_paths,
        n_unfinished,
        cast(n_reaching as double) / n_paths as simulated_value,
        cast(null as double) as simulated_sd
    from simulated
    where state in ('share', 'ad_click')
    union all
    select distinct
        scenario,
        segment,
        'expected_events' as outcome,
        n_paths,
        n_unfinished,
        mean_events as simulated_value,
        sd_events as simulated_sd
    from simulated
),

compared as (
    select
        outcomes.scenario,
        outcomes.segment,
        outcomes.outcome,
        simulated_long.n_paths,
        simulated_long.n_unfinished,
        outcomes.outcome_value as analytic_value,
        simulated_long.simulated_value,
        case
            when outcomes.outcome = 'expected_events'
                then simulated_long.simulated_sd / sqrt(simulated_long.n_paths)
            else sqrt(outcomes.outcome_value * (1 - outcomes.outcome_value))
                / sqrt(simulated_long.n_paths)
        end as standard_error
    from outcomes
    inner join simulated_long
        on
            outcomes.scenario = simulated_long.scenario
            and outcomes.segment = simulated_long.segment
            and outcomes.outcome = simulated_long.outcome
),

final as (
    select
        *,
        simulated_value - analytic_value as difference,
        (simulated_value - analytic_value) / nullif(standard_error, 0) as z_score,
        {{ var('markov_mc_tolerance_se') }} as tolerance_se,
        case
            when standard_error = 0 then simulated_value = analytic_value
            else abs(simulated_value - analytic_value)
                <= {{ var('markov_mc_tolerance_se') }} * standard_error
        end as is_within_tolerance
    from compared
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(n_paths as bigint) as n_paths,
    cast(n_unfinished as bigint) as n_unfinished,
    cast(analytic_value as double) as analytic_value,
    cast(simulated_value as double) as simulated_value,
    cast(standard_error as double) as standard_error,
    cast(difference as double) as difference,
    cast(z_score as double) as z_score,
    cast(tolerance_se as double) as tolerance_se,
    cast(is_within_tolerance as boolean) as is_within_tolerance
from final
