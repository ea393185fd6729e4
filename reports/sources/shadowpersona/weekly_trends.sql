select
    week_start,
    cast(n_days_observed as double) as n_days_observed,
    is_complete_week,
    cast(n_active_users as double) as n_active_users,
    avg_daily_active_users,
    cast(n_sessions as double) as n_sessions,
    engaged_min,
    cast(n_notification_opens as double) as n_notification_opens,
    cast(n_ad_impressions as double) as n_ad_impressions,
    ad_ctr
from marts.fct_weekly_trends
