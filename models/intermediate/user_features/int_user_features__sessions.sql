-- Session habits per user: how much, how late, how deep and how fast they scroll, and how
-- soon they come back. The aggregation is the macro aggregate_user_sessions, shared with the
-- windowed features (int_user_features__by_window); this model defines the whole-period window.
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
    from {{ ref('int_sessions__aggregated') }}
),

observation_window as (
    select max(cast(session_started_at as date)) as last_observed_date
    from sessions
),

sessions_observed as (
    -- Observed from the user's first session to the last day with data, inclusive.
    select
        sessions.*,
        {{ dbt.datediff(
            'min(cast(sessions.session_started_at as date)) over (partition by sessions.user_id)',
            'observation_window.last_observed_date',
            'day'
        ) }} + 1 as observed_days
    from sessions
    cross join observation_window
),

user_sessions as (
    {{ aggregate_user_sessions('sessions_observed') }}
)

select * from user_sessions
