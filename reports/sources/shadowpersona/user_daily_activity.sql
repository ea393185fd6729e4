select
    cast(user_id as varchar) as user_id,
    activity_date,
    n_sessions,
    session_min,
    engaged_min,
    n_events,
    n_late_night_sessions,
    n_notification_sessions
from marts.fct_user_daily_activity
where user_id in (select user_id from marts.dim_users where has_report_page)
