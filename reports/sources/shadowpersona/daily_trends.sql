select
    activity_date,
    cast(n_active_users as double) as n_active_users,
    cast(n_sessions as double) as n_sessions,
    engaged_min,
    engaged_min_per_active_user,
    cast(n_notifications_sent as double) as n_notifications_sent,
    cast(n_notification_opens as double) as n_notification_opens,
    notification_open_rate,
    cast(n_ad_impressions as double) as n_ad_impressions,
    cast(n_ad_clicks as double) as n_ad_clicks,
    ad_ctr,
    cast(n_active_users_7d as double) as weekly_active_users,
    cast(n_active_users_mau_window as double) as monthly_active_users,
    stickiness_dau_mau,
    has_full_mau_window,
    is_complete_day
from marts.fct_daily_trends
