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
    outcome
from marts.eval_anomaly_detection
