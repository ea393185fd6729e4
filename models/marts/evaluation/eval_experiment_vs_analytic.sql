-- Does each simulated experiment find the analytic what-if effect? One row per change x
-- segment x outcome: the simulated difference between the arms (fct_experiment_results),
-- the analytic effect, and how many standard errors apart they are. At 95 % a few of the many
-- rows miss their interval by chance (is_analytic_in_ci); the build requires every row within
-- the tolerance, var('experiment_tolerance_se') standard errors taken on Student's t at the
-- row's degrees of freedom (tolerance_t, from int_experiment__effects: wider for a small
-- segment), which a correct simulation almost never misses and a wrong matrix, arm or
-- outcome would. Arms that are both constant have no standard error and are not checked.
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

effects as (
    select
        scenario,
        segment,
        outcome,
        tolerance_t
    from {{ ref('int_experiment__effects') }}
),

final as (
    select
        results.scenario,
        results.segment,
        results.outcome,
        results.n_users_control + results.n_users_treatment as n_users,
        results.analytic_effect,
        results.difference as simulated_effect,
        results.standard_error,
        results.difference - results.analytic_effect as simulated_minus_analytic,
        (results.difference - results.analytic_effect)
        / nullif(results.standard_error, 0) as z_score,
        {{ var('experiment_tolerance_se') }} as tolerance_se,
        effects.tolerance_t,
        results.standard_error = 0
        or abs(results.difference - results.analytic_effect)
        <= effects.tolerance_t * results.standard_error as is_within_tolerance,
        results.is_analytic_in_ci
    from results
    inner join effects
        on
            results.scenario = effects.scenario
            and results.segment = effects.segment
            and results.outcome = effects.outcome
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
    cast(tolerance_t as double) as tolerance_t,
    cast(is_within_tolerance as boolean) as is_within_tolerance,
    cast(is_analytic_in_ci as boolean) as is_analytic_in_ci
from final
