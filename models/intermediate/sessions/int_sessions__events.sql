{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="event_id",
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert (README,
-- "Running on Spark").
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- Sessionisation: a user's events belong to one session until they go quiet for more than
-- var('session_gap_minutes'); the next event then starts a new session. The one place where
-- sessions are cut: int_sessions__aggregated aggregates these rows, funnels and paths read them.
--
-- Incremental (delete+insert by event_id): a run re-cuts each user's sessions from the
-- session of their last event before their first new one (a late event can join that
-- session, or bridge it with the next), numbering on from the sessions before it. Events of
-- users flagged as bots since the last run are deleted first (the pre-hook). The result is
-- the same as a full rebuild; tests/pytest/test_incremental.py checks it on every mart.
with

events as (
    select
        event_id,
        user_id,
        event_type,
        notification_id,
        feed_position,
        dwell_ms,
        event_at,
        last_load_date
    from {{ ref('int_events__clean') }}
),

{% if is_incremental() %}
new_events as (
    -- Events delivered in the loads this run has not sessionised (plus the lookback).
    select
        user_id,
        min(event_at) as first_new_event_at
    from events
    where last_load_date >= {{ first_unread_load() }}
    group by user_id
),

previous_sessions as (
    -- Each such user's session holding their last event before the first new one.
    select
        this_run.user_id,
        max(this_run.session_number) as session_number
    from {{ this }} as this_run
    inner join new_events
        on
            this_run.user_id = new_events.user_id
            and this_run.event_at < new_events.first_new_event_at
    group by this_run.user_id
),

rebuild_points as (
    select
        new_events.user_id,
        coalesce(previous_sessions.session_number - 1, 0) as session_number_offset,
        coalesce(min(this_run.event_at), new_events.first_new_event_at) as rebuild_from_at
    from new_events
    left join previous_sessions
        on new_events.user_id = previous_sessions.user_id
    left join {{ this }} as this_run
        on
            previous_sessions.user_id = this_run.user_id
            and previous_sessions.session_number = this_run.session_number
    group by
        new_events.user_id,
        previous_sessions.session_number,
        new_events.first_new_event_at
),

batch as (
    select
        events.*,
        rebuild_points.session_number_offset
    from events
    inner join rebuild_points
        on
            events.user_id = rebuild_points.user_id
            and events.event_at >= rebuild_points.rebuild_from_at
),
{% else %}
batch as (
    select
        *,
        0 as session_number_offset
    from events
),
{% endif %}

events_ordered as (
    select
        *,
        lag(event_at) over user_timeline as previous_event_at,
        row_number() over user_timeline as user_event_number
    from batch
    window user_timeline as (partition by user_id order by event_at, event_id)
),

session_starts as (
    -- Numbering only the starts is far cheaper than a running sum over every event (the
    -- slowest operator of the build at 10M events); the events then find their session by
    -- an as-of join on time. Two starts of one user never share a timestamp.
    select
        user_id,
        event_at as session_started_at,
        user_event_number as start_event_number,
        session_number_offset
        + row_number() over (partition by user_id order by event_at) as session_number,
        {{ asof_next_time('event_at', 'user_id', 'event_at') }} as next_session_started_at
    from events_ordered
    where
        previous_event_at is null
        or {{ dbt.datediff('previous_event_at', 'event_at', 'millisecond') }}
        > {{ var('session_gap_minutes') }} * 60000
),

final as (
    select
        events_ordered.event_id,
        {{ dbt.concat(["cast(events_ordered.user_id as " ~ dbt.type_string() ~ ")", "'-'",
                       "cast(session_starts.session_number as " ~ dbt.type_string() ~ ")"]) }}
            as session_id,
        events_ordered.user_id,
        session_starts.session_number,
        events_ordered.event_type,
        events_ordered.notification_id,
        events_ordered.feed_position,
        events_ordered.dwell_ms,
        events_ordered.event_at,
        events_ordered.user_event_number - session_starts.start_event_number + 1 as event_index,
        events_ordered.last_load_date
    from events_ordered
    {{ asof_join(
        'session_starts',
        'events_ordered.user_id = session_starts.user_id',
        'events_ordered.event_at',
        'session_starts.session_started_at',
        'session_starts.next_session_started_at',
    ) }}
)

select * from final
