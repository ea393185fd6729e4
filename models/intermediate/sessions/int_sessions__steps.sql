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
-- The pre-hook's reference, which dbt cannot see inside a hook, and the raw ads' loads,
-- read only by an incremental run:
-- depends_on: {{ ref('int_users__event_rates') }}
-- depends_on: {{ ref('stg_platform__ad_impressions') }}
--
-- Sessions as paths of Markov states (seeds markov_states, markov_event_states): one row per
-- step, from the virtual `start` through the session's events and ad impressions and clicks
-- in time order, each with the state that follows it. Events of an absorbing state
-- (app_close) only mark the end: every path gets exactly one move into `end`, after its last
-- step, whether the app was closed or the session timed out. Events come sessionised
-- from int_sessions__events; ads are not sessionised there, so each ad row joins, by an as-of
-- join, the latest session that started at or before it (a start sorts before anything at
-- the same instant). One window then numbers the steps and finds each one's next state:
-- running windows over every event were the slowest operators of the build at 10M events.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's sessions from the first one a new load touched, the session of a newly
-- delivered event (int_sessions__events re-cuts sessions from there on) or ad impression,
-- and replaces that user's steps from that session on. Earlier sessions are kept as they
-- are. A user flagged as a bot since the last run loses their rows (the pre-hook).
with

all_sessions as (
    select
        user_id,
        session_number,
        session_started_at,
        -- Only engines without an as-of join use it (macro asof_join).
        {{ asof_next_time('session_started_at', 'user_id', 'session_number') }}
            as next_session_started_at
    from {{ ref('int_sessions__aggregated') }}
),

all_session_events as (
    select
        event_id,
        user_id,
        session_number,
        event_type,
        notification_id,
        event_at,
        last_load_date
    from {{ ref('int_sessions__events') }}
),

ad_impressions as (
    select
        ad_impression_id,
        user_id,
        is_clicked,
        shown_at,
        clicked_at
    from {{ ref('int_ad_impressions__clean') }}
),

{% if is_incremental() %}
new_ad_impressions as (
    -- Ads delivered in the loads this model has not read: raw rows, so a faulty one only
    -- widens the rebuild.
    select
        user_id,
        shown_at
    from {{ ref('stg_platform__ad_impressions') }}
    where
        load_date >= {{ first_unread_load() }}
        and user_id is not null
        and shown_at is not null
),

touched_sessions as (
    select
        user_id,
        session_number
    from all_session_events
    where last_load_date >= {{ first_unread_load() }}
    union all
    select
        new_ad_impressions.user_id,
        all_sessions.session_number
    from new_ad_impressions
    {{ asof_join(
        'all_sessions',
        'new_ad_impressions.user_id = all_sessions.user_id',
        'new_ad_impressions.shown_at',
        'all_sessions.session_started_at',
        'all_sessions.next_session_started_at',
    ) }}
),

rebuild_points as (
    select
        user_id,
        min(session_number) as first_session_number
    from touched_sessions
    group by user_id
),

sessions as (
    -- Each touched user's sessions from the first touched one on; ads join the latest of
    -- these that started at or before them, as they would join all of the user's sessions.
    select all_sessions.*
    from all_sessions
    inner join rebuild_points
        on
            all_sessions.user_id = rebuild_points.user_id
            and all_sessions.session_number >= rebuild_points.first_session_number
),

session_events as (
    select all_session_events.*
    from all_session_events
    inner join rebuild_points
        on
            all_session_events.user_id = rebuild_points.user_id
            and all_session_events.session_number >= rebuild_points.first_session_number
),
{% else %}
sessions as (
    select * from all_sessions
),

session_events as (
    select * from all_session_events
),
{% endif %}

event_states as (
    select
        event_kind,
        state
    from {{ ref('markov_event_states') }}
),

markov_states as (
    select
        state,
        is_absorbing
    from {{ ref('markov_states') }}
),

ad_steps as (
    -- kind_order puts an impression before its own click at the same instant.
    select
        user_id,
        shown_at as step_at,
        2 as kind_order,
        ad_impression_id as row_key,
        'ad_impression' as event_kind,
        cast(null as date) as last_load_date
    from ad_impressions
    union all
    select
        user_id,
        clicked_at as step_at,
        3 as kind_order,
        ad_impression_id as row_key,
        'ad_click' as event_kind,
        cast(null as date) as last_load_date
    from ad_impressions
    where is_clicked
),

ad_steps_in_sessions as (
    -- Ads before a user's first session have no session to join and are left out.
    select
        ad_steps.user_id,
        sessions.session_number,
        ad_steps.step_at,
        ad_steps.kind_order,
        ad_steps.row_key,
        ad_steps.event_kind,
        ad_steps.last_load_date
    from ad_steps
    {{ asof_join(
        'sessions',
        'ad_steps.user_id = sessions.user_id',
        'ad_steps.step_at',
        'sessions.session_started_at',
        'sessions.next_session_started_at',
    ) }}
),

steps as (
    select
        user_id,
        session_number,
        event_at as step_at,
        1 as kind_order,
        event_id as row_key,
        case
            when event_type = 'app_open' and notification_id is not null
                then 'app_open_notification'
            else event_type
        end as event_kind,
        last_load_date
    from session_events
    union all
    select * from ad_steps_in_sessions
),

steps_with_state as (
    select
        steps.user_id,
        steps.session_number,
        steps.step_at,
        steps.kind_order,
        steps.row_key,
        steps.last_load_date,
        event_states.state
    from steps
    inner join event_states
        on steps.event_kind = event_states.event_kind
    inner join markov_states
        on event_states.state = markov_states.state
    where not markov_states.is_absorbing
),

numbered as (
    select
        user_id,
        session_number,
        row_number() over session_path as step_number,
        state,
        coalesce(lead(state) over session_path, 'end') as next_state,
        last_load_date
    from steps_with_state
    window session_path as (
        partition by user_id, session_number
        order by step_at, kind_order, row_key
    )
),

starts as (
    -- The virtual first step of every session, moving into its first real step (or
    -- straight into `end` when the session has none).
    select
        sessions.user_id,
        sessions.session_number,
        0 as step_number,
        'start' as state,
        coalesce(first_steps.state, 'end') as next_state,
        cast(null as date) as last_load_date
    from sessions
    left join numbered as first_steps
        on
            sessions.user_id = first_steps.user_id
            and sessions.session_number = first_steps.session_number
            and first_steps.step_number = 1
),

all_steps as (
    select * from starts
    union all
    select * from numbered
),

final as (
    select
        {{ dbt.concat(["cast(user_id as " ~ dbt.type_string() ~ ")", "'-'",
                       "cast(session_number as " ~ dbt.type_string() ~ ")"]) }} as session_id,
        user_id,
        session_number,
        step_number,
        state,
        next_state,
        last_load_date
    from all_steps
)

select * from final
