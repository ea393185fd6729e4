select
    day_of_week,
    day_name,
    lpad(cast(hour_of_day as varchar), 2, '0') as hour,
    hour_of_day,
    is_late_night_hour,
    n_events,
    n_active_users,
    n_sessions_started,
    share_of_events
from marts.fct_engagement_heatmap
