select
    activity_date,
    coalesce(planted_incident_type, 'none') as planted_incident_type,
    is_planted_incident,
    is_scored,
    cast(n_metrics_flagged as double) as n_metrics_flagged,
    is_flagged,
    coalesce(flagged_metrics, '') as flagged_metrics,
    max_abs_robust_z,
    sessions_robust_z,
    active_users_robust_z,
    outcome,
    -- The outcome in words, for the page.
    case outcome
        when 'true_positive' then 'Planted and flagged'
        when 'false_negative' then 'Planted, missed'
        when 'false_positive' then 'False alarm'
        when 'true_negative' then 'Quiet, not flagged'
        when 'not_scored' then 'Not scored (partial day or too little history)'
        else outcome
    end as outcome_label
from marts.eval_anomaly_detection
