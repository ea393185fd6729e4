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
-- Sessions as paths of Markov states (seeds markov_states, markov_event_states): one row per
-- step, from the virtual `start` through the session's events and ad impressions and clicks
-- in time order, each with the state that follows it. Events of an absorbing state
-- (app_close) only mark the end: every path gets exactly one move into `end`, after its last
-- step, whether the app was closed or the session timed out. Events come sessionised from
-- int_sessions__events, ads placed in their sessions from int_sessions__ad_steps. One window
-- numbers the steps and finds each one's next state: running windows over every event were
-- the slowest operators of the build at 10M events.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's sessions from the first one holding an event or ad delivered in a load it has
-- not read (int_sessions__events re-cuts sessions from there on) and replaces that user's
-- steps from there. A user flagged as a bot since the last run loses their rows (pre-hook).
with

all_sessions as (
    select
        user_id,
        session_number
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

all_ad_steps as (
    select * from {{ ref('int_sessions__ad_steps') }}
),

{% if is_incremental() %}
rebuild_points as (
    select
        user_id,
        min(session_number) as first_session_number
    from (
        select
            user_id,
            session_number,
            last_load_date
        from all_session_events
        union all
        select
            user_id,
            session_number,
            last_load_date
        from all_ad_steps
    ) as delivered
    where last_load_date >= {{ first_unread_load() }}
    group by user_id
),
{% endif %}

sessions as (
    {{ from_first_touched_session('all_sessions') }}
),

session_events as (
    {{ from_first_touched_session('all_session_events') }}
),

ad_steps_in_sessions as (
    {{ from_first_touched_session('all_ad_steps') }}
),

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
