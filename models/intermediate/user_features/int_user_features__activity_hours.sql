-- When each user is active, in their local time: one row per user per day of the week per
-- hour of the day with at least one event. Aggregating here first keeps every heatmap cheap:
-- the population and per-band heatmaps sum these rows instead of rescanning the clickstream.
with

events as (
    select
        user_id,
        event_at
    from {{ ref('int_events__clean') }}
),

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('int_users__clean') }}
),

sessions as (
    select
        user_id,
        session_started_at_local
    from {{ ref('int_sessions__aggregated') }}
),

events_local as (
    select
        events.user_id,
        {{ dbt.dateadd('minute', 'users.utc_offset_minutes', 'events.event_at') }}
            as event_at_local
    from events
    inner join users
        on events.user_id = users.user_id
),

events_per_slot as (
    select
        user_id,
        {{ day_of_week_iso('event_at_local') }} as day_of_week,
        extract(hour from event_at_local) as hour_of_day,
        count(*) as n_events
    from events_local
    group by 1, 2, 3
),

sessions_per_slot as (
    select
        user_id,
        {{ day_of_week_iso('session_started_at_local') }} as day_of_week,
        extract(hour from session_started_at_local) as hour_of_day,
        count(*) as n_sessions_started
    from sessions
    group by 1, 2, 3
),

final as (
    select
        events_per_slot.user_id,
        cast(events_per_slot.day_of_week as integer) as day_of_week,
        cast(events_per_slot.hour_of_day as integer) as hour_of_day,
        events_per_slot.n_events,
        coalesce(sessions_per_slot.n_sessions_started, 0) as n_sessions_started
    from events_per_slot
    left join sessions_per_slot
        on events_per_slot.user_id = sessions_per_slot.user_id
            and events_per_slot.day_of_week = sessions_per_slot.day_of_week
            and events_per_slot.hour_of_day = sessions_per_slot.hour_of_day
)

select * from final
