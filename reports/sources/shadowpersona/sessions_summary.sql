select
    cast(count(*) as double) as n_sessions,
    avg(case when is_engaged then 1.0 else 0.0 end) as engaged_share,
    avg(case when is_doomscroll then 1.0 else 0.0 end) as doomscroll_share,
    avg(case when is_late_night then 1.0 else 0.0 end) as late_night_share,
    avg(case when ended_by = 'app_close' then 1.0 else 0.0 end) as app_close_share,
    median(duration_s) / 60.0 as median_duration_min,
    median(engaged_time_s) as median_engaged_s,
    median(cast(scroll_depth_items as double)) as median_scroll_depth_items
from marts.fct_sessions
