-- When the population is on the app, in each user's own local time: one row per day of the
-- week per hour of the day (7 x 24 = 168 rows, empty hours included).
with

activity_hours as (
    select
        user_id,
        day_of_week,
        hour_of_day,
        n_events,
        n_sessions_started
    from {{ ref('int_user_features__activity_hours') }}
),

week_hours as (
    select
        day_of_week,
        day_name,
        hour_of_day
    from {{ ref('week_hours') }}
),

per_slot as (
    select
        day_of_week,
        hour_of_day,
        sum(n_events) as n_events,
        count(distinct user_id) as n_active_users,
        sum(n_sessions_started) as n_sessions_started
    from activity_hours
    group by day_of_week, hour_of_day
),

final as (
    select
        week_hours.day_of_week,
        week_hours.day_name,
        week_hours.hour_of_day,
        week_hours.hour_of_day >= {{ var('late_night_start_hour') }}
        or week_hours.hour_of_day < {{ var('late_night_end_hour') }} as is_late_night_hour,
        coalesce(per_slot.n_events, 0) as n_events,
        coalesce(per_slot.n_active_users, 0) as n_active_users,
        coalesce(per_slot.n_sessions_started, 0) as n_sessions_started
    from week_hours
    left join per_slot
        on week_hours.day_of_week = per_slot.day_of_week
            and week_hours.hour_of_day = per_slot.hour_of_day
)

select
    cast(day_of_week as integer) as day_of_week,
    cast(day_name as {{ dbt.type_string() }}) as day_name,
    cast(hour_of_day as integer) as hour_of_day,
    cast(is_late_night_hour as boolean) as is_late_night_hour,
    cast(n_events as bigint) as n_events,
    cast(n_active_users as bigint) as n_active_users,
    cast(n_sessions_started as bigint) as n_sessions_started,
    cast(n_events * 1.0 / sum(n_events) over () as double) as share_of_events
from final
