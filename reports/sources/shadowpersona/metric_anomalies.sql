select
    activity_date,
    metric,
    metric_value,
    cast(n_history_days as double) as n_history_days,
    trailing_median,
    trailing_mad,
    mad_used,
    robust_z,
    is_anomaly,
    anomaly_direction
from marts.fct_metric_anomalies
