-- Expected session outcomes per scenario and segment, against the baseline and the data.
select
    scenario,
    scenario_label,
    scenario_order,
    scenario_description,
    segment,
    segment_label,
    outcome,
    outcome_label,
    outcome_order,
    outcome_value,
    baseline_value,
    absolute_change,
    relative_change_pct / 100.0 as relative_change,
    observed_value,
    cast(n_sessions_observed as double) as n_sessions_observed
from marts.fct_what_if_outcomes
