{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="replace_tail",
    unique_key=["user_id", "session_number"],
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- Sessions: one row per session cut in int_sessions__events (a gap of more than
-- var('session_gap_minutes') starts a new one), with its length, depth and how it began.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's sessions from the first one holding a newly delivered event, as
-- int_sessions__steps does; the gap before the first of them is measured from the session
-- before it, which the run keeps.
with

all_session_events as (
    select
        user_id,
        session_number,
        event_type,
        notification_id,
        feed_position,
        dwell_ms,
        event_at,
        event_index,
        last_load_date
    from {{ ref('int_sessions__events') }}
),

{% if is_incremental() %}
rebuild_points as (
    {{ first_touched_sessions('all_session_events') }}
),

kept_session_ends as (
    -- The end of the session before each user's first rebuilt one, which the run keeps.
    select
        this_run.user_id,
        this_run.session_number,
        this_run.session_ended_at
    from {{ this }} as this_run
    inner join rebuild_points
        on
            this_run.user_id = rebuild_points.user_id
            and this_run.session_number = rebuild_points.first_session_number - 1
),
{% endif %}

session_events as (
    {{ from_first_touched_session('all_session_events') }}
),

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('int_users__clean') }}
),

sessions_aggregated as (
    select
        user_id,
        session_number,
        min(event_at) as session_started_at,
        -- A session ends when its last post leaves the screen (or at app_close).
        max({{ dbt.dateadd('millisecond', 'coalesce(dwell_ms, 0)', 'event_at') }})
            as session_ended_at,
        count(*) as n_events,
        sum(case when event_type = 'impression' then 1 else 0 end) as n_impressions,
        sum(case when event_type in ('like', 'comment', 'share') then 1 else 0 end)
            as n_engagements,
        coalesce(max(feed_position), 0) as scroll_depth_items,
        -- Durations are doubles (cast before dividing): Spark would keep a decimal quotient
        -- and round it, where DuckDB divides in double precision.
        cast(coalesce(sum(dwell_ms), 0) as double) / 1000 as engaged_time_s,
        max(case when event_type = 'app_open' and notification_id is not null then 1 else 0 end)
            as from_notification_flag,
        max(case when event_type = 'app_close' then 1 else 0 end) as app_close_flag,
        sum(case when event_type = 'share' then 1 else 0 end) as n_shares,
        sum(case when event_type = 'rage_click' then 1 else 0 end) as n_rage_clicks,
        -- The type of the last event before any app_close (null when only the app_close of
        -- the session has arrived so far: its other events are late deliveries to come).
        max_by(
            case when event_type != 'app_close' then event_type end,
            case when event_type != 'app_close' then event_index end
        ) as last_action_type,
        max(last_load_date) as last_load_date
    from session_events
    group by user_id, session_number
),

session_ends as (
    select
        user_id,
        session_number,
        session_ended_at
    from sessions_aggregated
    {%- if is_incremental() %}

    union all

    select
        user_id,
        session_number,
        session_ended_at
    from kept_session_ends
    {%- endif %}
),

previous_session_ends as (
    select
        user_id,
        session_number,
        lag(session_ended_at) over (
            partition by user_id order by session_number
        ) as previous_session_ended_at
    from session_ends
),

sessions_local as (
    select
        sessions_aggregated.*,
        {{ dbt.dateadd('minute', 'users.utc_offset_minutes', 'sessions_aggregated.session_started_at') }}  -- noqa: LT05
            as session_started_at_local,
        previous_session_ends.previous_session_ended_at
    from sessions_aggregated
    inner join users
        on sessions_aggregated.user_id = users.user_id
    inner join previous_session_ends
        on
            sessions_aggregated.user_id = previous_session_ends.user_id
            and sessions_aggregated.session_number = previous_session_ends.session_number
),

final as (
    select
        {{ dbt.concat(["cast(user_id as " ~ dbt.type_string() ~ ")", "'-'",
                       "cast(session_number as " ~ dbt.type_string() ~ ")"]) }} as session_id,
        user_id,
        session_number,
        session_started_at,
        session_ended_at,
        session_started_at_local,
        cast({{ dbt.datediff('session_started_at', 'session_ended_at', 'millisecond') }} as double)  -- noqa: LT05
        / 1000 as duration_s,
        engaged_time_s,
        n_events,
        n_impressions,
        n_engagements,
        scroll_depth_items,
        cast({{ dbt.datediff('previous_session_ended_at', 'session_started_at', 'second') }} as double)  -- noqa: LT05
        / 60 as gap_since_previous_session_min,
        extract(hour from session_started_at_local) >= {{ var('late_night_start_hour') }}
        or extract(hour from session_started_at_local) < {{ var('late_night_end_hour') }}
            as is_late_night,
        from_notification_flag = 1 as is_from_notification,
        app_close_flag = 1 as has_app_close,
        n_shares,
        n_rage_clicks,
        last_action_type,
        last_load_date
    from sessions_local
)

select * from final
