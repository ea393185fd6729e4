-- Each simulated experiment's difference against the analytic what-if effect.
select
    scenario,
    segment,
    outcome,
    cast(n_users as double) as n_users,
    analytic_effect,
    simulated_effect,
    standard_error,
    simulated_minus_analytic,
    z_score,
    tolerance_se,
    case when is_within_tolerance then 1 else 0 end as is_within_tolerance,
    case when is_analytic_in_ci then 1 else 0 end as is_analytic_in_ci
from marts.eval_experiment_vs_analytic
