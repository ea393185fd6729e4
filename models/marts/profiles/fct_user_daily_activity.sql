-- Each user's timeline: one row per user per local calendar day with at least one session.
with

sessions as (
    select
        user_id,
        session_started_at_local,
        duration_s,
        engaged_time_s,
        n_events,
        n_impressions,
        n_engagements,
        is_late_night,
        is_from_notification
    from {{ ref('int_sessions__aggregated') }}
),

final as (
    select
        user_id,
        cast(session_started_at_local as date) as activity_date,
        count(*) as n_sessions,
        -- exact: a double sum would depend on the order DuckDB's threads add sessions in
        {{ exact_sum('duration_s') }} / 60.0 as session_min,
        {{ exact_sum('engaged_time_s') }} / 60.0 as engaged_min,
        sum(n_events) as n_events,
        sum(n_impressions) as n_impressions,
        sum(n_engagements) as n_engagements,
        sum(case when is_late_night then 1 else 0 end) as n_late_night_sessions,
        sum(case when is_from_notification then 1 else 0 end) as n_notification_sessions
    from sessions
    group by 1, 2
)

select
    cast(user_id as bigint) as user_id,
    cast(activity_date as date) as activity_date,
    cast(n_sessions as bigint) as n_sessions,
    cast(session_min as double) as session_min,
    cast(engaged_min as double) as engaged_min,
    cast(n_events as bigint) as n_events,
    cast(n_impressions as bigint) as n_impressions,
    cast(n_engagements as bigint) as n_engagements,
    cast(n_late_night_sessions as bigint) as n_late_night_sessions,
    cast(n_notification_sessions as bigint) as n_notification_sessions
from final
