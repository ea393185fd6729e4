-- Sessionisation: a user's events belong to one session until they go quiet for more than
-- var('session_gap_minutes'); the next event then starts a new session. The one place where
-- sessions are cut: feat_sessions aggregates these rows, funnels and paths read them.
with

events as (
    select
        event_id,
        user_id,
        event_type,
        notification_id,
        feed_position,
        dwell_ms,
        event_at
    from {{ ref('stg_platform__events') }}
),

events_with_previous as (
    select
        *,
        lag(event_at) over (partition by user_id order by event_at, event_id) as previous_event_at
    from events
),

events_flagged as (
    select
        *,
        case
            when previous_event_at is null then 1
            when {{ dbt.datediff('previous_event_at', 'event_at', 'millisecond') }}  -- noqa: LT05
                > {{ var('session_gap_minutes') }} * 60000 then 1
            else 0
        end as is_session_start
    from events_with_previous
),

events_numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by user_id
            order by event_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from events_flagged
),

final as (
    select
        event_id,
        {{ dbt.concat(["cast(user_id as " ~ dbt.type_string() ~ ")", "'-'",
                       "cast(session_number as " ~ dbt.type_string() ~ ")"]) }} as session_id,
        user_id,
        session_number,
        event_type,
        notification_id,
        feed_position,
        dwell_ms,
        event_at,
        row_number() over (
            partition by user_id, session_number order by event_at, event_id
        ) as event_index
    from events_numbered
)

select * from final
