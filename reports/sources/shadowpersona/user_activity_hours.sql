select
    cast(user_id as varchar) as user_id,
    day_of_week,
    day_name,
    lpad(cast(hour_of_day as varchar), 2, '0') as hour,
    hour_of_day,
    n_events,
    n_sessions_started
from marts.fct_user_activity_hours
where user_id in (select user_id from marts.dim_users where has_report_page)
