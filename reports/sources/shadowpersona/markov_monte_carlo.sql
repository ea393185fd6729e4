-- Monte Carlo against the analytic values, per scenario, segment and outcome.
select
    monte_carlo.scenario,
    monte_carlo.segment,
    monte_carlo.outcome,
    cast(monte_carlo.n_paths as double) as n_paths,
    monte_carlo.analytic_value,
    monte_carlo.simulated_value,
    monte_carlo.standard_error,
    monte_carlo.z_score,
    monte_carlo.tolerance_se,
    case when monte_carlo.is_within_tolerance then 1 else 0 end as is_within_tolerance
from marts.eval_markov_monte_carlo as monte_carlo
