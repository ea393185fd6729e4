-- Does each simulated experiment find the analytic what-if effect? One row per change x
-- segment x outcome: the simulated difference between the arms (fct_experiment_results),
-- the analytic effect, and how many standard errors apart they are. At 95 % a few of the many
-- rows miss their interval by chance (is_analytic_in_ci); the build requires every row within
-- var('experiment_tolerance_se') standard errors, which a correct simulation almost never
-- misses and a wrong matrix, arm or outcome would.
with

results as (
    select
        scenario,
        segment,
        outcome,
        n_users_control,
        n_users_treatment,
        difference,
        standard_error,
        analytic_effect,
        is_analytic_in_ci
    from {{ ref('fct_experiment_results') }}
),

final as (
    select
        scenario,
        segment,
        outcome,
        n_users_control + n_users_treatment as n_users,
        analytic_effect,
        difference as simulated_effect,
        standard_error,
        difference - analytic_effect as simulated_minus_analytic,
        (difference - analytic_effect) / nullif(standard_error, 0) as z_score,
        {{ var('experiment_tolerance_se') }} as tolerance_se,
        case
            when standard_error = 0 then abs(difference - analytic_effect) <= 1e-9
            else abs(difference - analytic_effect)
                <= {{ var('experiment_tolerance_se') }} * standard_error
        end as is_within_tolerance,
        is_analytic_in_ci
    from results
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(n_users as bigint) as n_users,
    cast(analytic_effect as double) as analytic_effect,
    cast(simulated_effect as double) as simulated_effect,
    cast(standard_error as double) as standard_error,
    cast(simulated_minus_analytic as double) as simulated_minus_analytic,
    cast(z_score as double) as z_score,
    cast(tolerance_se as double) as tolerance_se,
    cast(is_within_tolerance as boolean) as is_within_tolerance,
    cast(is_analytic_in_ci as boolean) as is_analytic_in_ci
from final
