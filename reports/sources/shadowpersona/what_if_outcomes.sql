-- Expected session outcomes per scenario and segment, against the baseline and the data.
select
    scenario,
    scenario_label,
    scenario_order,
    scenario_description,
    segment,
    segment_label,
    outcome,
    case outcome
        when 'p_reach_share' then 'P(share)'
        when 'p_reach_ad_click' then 'P(ad click)'
        when 'expected_events' then 'Events per session'
        when 'expected_posts_seen' then 'Posts seen per session'
    end as outcome_label,
    outcome_value,
    baseline_value,
    absolute_change,
    relative_change_pct / 100.0 as relative_change,
    observed_value,
    cast(n_sessions_observed as double) as n_sessions_observed
from marts.fct_what_if_outcomes
