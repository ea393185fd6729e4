-- Session habits per user: how much, how late, how deep and how fast they scroll, and how
-- soon they come back.
with

sessions as (
    select
        user_id,
        session_started_at,
        session_started_at_local,
        duration_s,
        engaged_time_s,
        n_impressions,
        scroll_depth_items,
        gap_since_previous_session_min,
        is_late_night,
        is_from_notification
    from {{ ref('feat_sessions') }}
),

observation_window as (
    select max(cast(session_started_at as date)) as last_observed_date
    from sessions
),

per_user as (
    select
        user_id,
        min(cast(session_started_at as date)) as first_session_date,
        count(*) as n_sessions,
        count(distinct cast(session_started_at_local as date)) as active_days,
        sum(duration_s) / 60.0 as total_session_min,
        sum(engaged_time_s) / 60.0 as total_engaged_min,
        sum(n_impressions) as n_impressions,
        median(duration_s) / 60.0 as median_session_min,
        avg(scroll_depth_items) as avg_scroll_depth_items,
        avg(case when is_late_night then 1.0 else 0.0 end) as late_night_session_share,
        avg(case when is_from_notification then 1.0 else 0.0 end) as notification_session_share,
        median(gap_since_previous_session_min) as median_gap_between_sessions_min
    from sessions
    group by user_id
),

final as (
    select
        per_user.user_id,
        per_user.n_sessions,
        per_user.active_days,
        {{ dbt.datediff('per_user.first_session_date', 'observation_window.last_observed_date', 'day') }}  -- noqa: LT05
        + 1 as observed_days,
        per_user.median_session_min,
        per_user.avg_scroll_depth_items,
        per_user.late_night_session_share,
        per_user.notification_session_share,
        per_user.median_gap_between_sessions_min,
        per_user.total_engaged_min,
        per_user.n_impressions,
        -- Posts per minute on screen: a fast scroller sees many posts per minute.
        per_user.n_impressions / nullif(per_user.total_session_min, 0) as scroll_speed_items_per_min
    from per_user
    cross join observation_window
)

select
    *,
    n_sessions * 1.0 / observed_days as sessions_per_day,
    total_engaged_min / observed_days as engaged_min_per_day
from final
