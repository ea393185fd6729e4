-- Each user's own activity heatmap: one row per user per local day of the week per hour with
-- at least one event (empty hours are absent).
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
)

select
    cast(activity_hours.user_id as bigint) as user_id,
    cast(activity_hours.day_of_week as integer) as day_of_week,
    cast(week_hours.day_name as {{ dbt.type_string() }}) as day_name,
    cast(activity_hours.hour_of_day as integer) as hour_of_day,
    cast(activity_hours.n_events as bigint) as n_events,
    cast(activity_hours.n_sessions_started as bigint) as n_sessions_started
from activity_hours
inner join week_hours
    on activity_hours.day_of_week = week_hours.day_of_week
        and activity_hours.hour_of_day = week_hours.hour_of_day
