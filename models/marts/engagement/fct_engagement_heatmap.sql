-- When the population is on the app, in each user's own local time: one row per day of the
-- week per hour of the day (7 x 24 = 168 rows).
with

events as (
    select
        user_id,
        event_at
    from {{ ref('stg_platform__events') }}
),

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('stg_platform__users') }}
),

sessions as (
    select
        user_id,
        session_started_at_local
    from {{ ref('feat_sessions') }}
),

events_local as (
    select
        events.user_id,
        {{ dbt.dateadd('minute', 'users.utc_offset_minutes', 'events.event_at') }} as event_at_local
    from events
    inner join users
        on events.user_id = users.user_id
),

events_per_slot as (
    select
        {{ day_of_week_iso('event_at_local') }} as day_of_week,
        extract(hour from event_at_local) as hour_of_day,
        count(*) as n_events,
        count(distinct user_id) as n_active_users
    from events_local
    group by 1, 2
),

sessions_per_slot as (
    select
        {{ day_of_week_iso('session_started_at_local') }} as day_of_week,
        extract(hour from session_started_at_local) as hour_of_day,
        count(*) as n_sessions_started
    from sessions
    group by 1, 2
),

day_numbers as (
    {%- for day in range(1, 8) %}
        select {{ day }} as day_of_week
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

hour_numbers as (
    {%- for hour in range(24) %}
        select {{ hour }} as hour_of_day
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

all_slots as (
    select
        day_numbers.day_of_week,
        hour_numbers.hour_of_day
    from day_numbers
    cross join hour_numbers
),

final as (
    select
        all_slots.day_of_week,
        all_slots.hour_of_day,
        coalesce(events_per_slot.n_events, 0) as n_events,
        coalesce(events_per_slot.n_active_users, 0) as n_active_users,
        coalesce(sessions_per_slot.n_sessions_started, 0) as n_sessions_started
    from all_slots
    left join events_per_slot
        on all_slots.day_of_week = events_per_slot.day_of_week
            and all_slots.hour_of_day = events_per_slot.hour_of_day
    left join sessions_per_slot
        on all_slots.day_of_week = sessions_per_slot.day_of_week
            and all_slots.hour_of_day = sessions_per_slot.hour_of_day
)

select
    cast(day_of_week as integer) as day_of_week,
    cast(case day_of_week
        when 1 then 'Mon' when 2 then 'Tue' when 3 then 'Wed' when 4 then 'Thu'
        when 5 then 'Fri' when 6 then 'Sat' else 'Sun'
    end as varchar) as day_name,
    cast(hour_of_day as integer) as hour_of_day,
    cast(n_events as bigint) as n_events,
    cast(n_active_users as bigint) as n_active_users,
    cast(n_sessions_started as bigint) as n_sessions_started,
    cast(n_events * 1.0 / sum(n_events) over () as double) as share_of_events
from final
