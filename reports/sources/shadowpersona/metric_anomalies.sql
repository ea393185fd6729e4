select
    activity_date,
    metric,
    -- The metric in words, for the page.
    case metric
        when 'active_users' then 'Active users'
        when 'sessions' then 'Sessions'
        when 'engaged_min' then 'Engaged minutes'
        when 'notification_opens' then 'Notification opens'
        when 'ad_ctr' then 'Ad click-through rate'
        else metric
    end as metric_label,
    metric_value,
    cast(n_history_days as double) as n_history_days,
    trailing_median,
    trailing_mad,
    mad_used,
    robust_z,
    is_anomaly,
    anomaly_direction
from marts.fct_metric_anomalies
