-- The simulated A/B experiments per change, segment and outcome, beside the analytic effect.
select
    scenario,
    scenario_label,
    scenario_order,
    segment,
    segment_label,
    outcome,
    case outcome
        when 'p_reach_share' then 'P(share)'
        when 'p_reach_ad_click' then 'P(ad click)'
        when 'expected_events' then 'Events per session'
        when 'expected_posts_seen' then 'Posts seen per session'
    end as outcome_label,
    case outcome
        when 'p_reach_share' then 1
        when 'p_reach_ad_click' then 2
        when 'expected_events' then 3
        when 'expected_posts_seen' then 4
    end as outcome_order,
    cast(n_sessions_per_user as double) as n_sessions_per_user,
    cast(n_users_control as double) as n_users_control,
    cast(n_users_treatment as double) as n_users_treatment,
    mean_control,
    mean_treatment,
    difference,
    relative_difference_pct / 100.0 as relative_difference,
    standard_error,
    p_value,
    case when is_significant then 1 else 0 end as is_significant,
    confidence_level,
    ci_low,
    ci_high,
    analytic_effect,
    pooled_chain_effect,
    case when has_analytic_effect then 1 else 0 end as has_analytic_effect,
    case when is_analytic_in_ci then 1 else 0 end as is_analytic_in_ci,
    case when is_analytic_in_ci then 'yes' else 'no' end as analytic_in_ci,
    minimum_detectable_effect,
    n_users_per_arm_needed
from marts.fct_experiment_results
