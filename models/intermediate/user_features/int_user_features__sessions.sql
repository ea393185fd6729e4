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

world as (
    select
        world_start_date,
        world_end_date
    from {{ ref('stg_platform__world') }}
),

user_first_days as (
    select
        user_id,
        min(cast(session_started_at_local as date)) as first_session_date
    from sessions
    group by user_id
),

sessions_observed as (
    -- The windows' rule over the whole period, in the user's local days: observed from the
    -- later of the world's first day and the user's first session to the world's last day
    -- (world_end_date is the day after it), inclusive. UTC dates would count a day more for
    -- a user east of UTC (local 1 October 08:00 is 30 September in UTC), and a session that
    -- runs past the world's last midnight would lengthen everyone's period. At least one
    -- day: a user whose only sessions began after that midnight.
    select
        sessions.*,
        greatest(
            {{ dbt.datediff(
                'greatest(world.world_start_date, user_first_days.first_session_date)',
                'world.world_end_date',
                'day'
            ) }},
            1
        ) as observed_days
    from sessions
    inner join user_first_days
        on sessions.user_id = user_first_days.user_id
    cross join world
),

user_sessions as (
    {{ aggregate_user_sessions('sessions_observed') }}
)

select * from user_sessions
