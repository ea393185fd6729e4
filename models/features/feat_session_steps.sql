-- Sessions as paths of Markov states (seeds markov_states, markov_event_states): one row per
-- step, from the virtual `start` through the session's events and ad impressions and clicks
-- in time order, each with the state that follows it. Events of an absorbing state
-- (app_close) only mark the end: every path gets exactly one move into `end`, after its last
-- step, whether the app was closed or the session timed out. Ads are not sessionised in
-- feat_sessions, so each ad row joins the latest session that started at or before it.
with

sessions as (
    select
        user_id,
        session_number,
        session_started_at
    from {{ ref('feat_sessions') }}
),

events as (
    select
        event_id,
        user_id,
        event_type,
        notification_id,
        event_at
    from {{ ref('stg_platform__events') }}
),

ad_impressions as (
    select
        ad_impression_id,
        user_id,
        is_clicked,
        shown_at,
        clicked_at
    from {{ ref('stg_platform__ad_impressions') }}
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

-- Session starts sort before anything at the same instant (kind_order 0).
stream as (
    select
        user_id,
        session_started_at as step_at,
        0 as kind_order,
        session_number as row_key,
        session_number,
        cast(null as {{ dbt.type_string() }}) as event_kind
    from sessions
    union all
    select
        user_id,
        event_at as step_at,
        1 as kind_order,
        event_id as row_key,
        cast(null as integer) as session_number,
        case
            when event_type = 'app_open' and notification_id is not null
                then 'app_open_notification'
            else event_type
        end as event_kind
    from events
    union all
    select
        user_id,
        shown_at as step_at,
        2 as kind_order,
        ad_impression_id as row_key,
        cast(null as integer) as session_number,
        'ad_impression' as event_kind
    from ad_impressions
    union all
    select
        user_id,
        clicked_at as step_at,
        3 as kind_order,
        ad_impression_id as row_key,
        cast(null as integer) as session_number,
        'ad_click' as event_kind
    from ad_impressions
    where is_clicked
),

stream_in_sessions as (
    select
        user_id,
        step_at,
        kind_order,
        row_key,
        event_kind,
        max(session_number) over (
            partition by user_id
            order by step_at, kind_order, row_key
            rows between unbounded preceding and current row
        ) as session_number
    from stream
),

steps_with_state as (
    select
        stream_in_sessions.user_id,
        stream_in_sessions.session_number,
        stream_in_sessions.step_at,
        stream_in_sessions.kind_order,
        stream_in_sessions.row_key,
        event_states.state
    from stream_in_sessions
    inner join event_states
        on stream_in_sessions.event_kind = event_states.event_kind
    inner join markov_states
        on event_states.state = markov_states.state
    where
        stream_in_sessions.session_number is not null
        and not markov_states.is_absorbing
),

numbered as (
    select
        user_id,
        session_number,
        row_number() over (
            partition by user_id, session_number
            order by step_at, kind_order, row_key
        ) as step_number,
        state
    from steps_with_state
    union all
    select
        user_id,
        session_number,
        0 as step_number,
        'start' as state
    from sessions
),

final as (
    select
        {{ dbt.concat(["cast(user_id as " ~ dbt.type_string() ~ ")", "'-'",
                       "cast(session_number as " ~ dbt.type_string() ~ ")"]) }} as session_id,
        user_id,
        session_number,
        step_number,
        state,
        coalesce(
            lead(state) over (partition by user_id, session_number order by step_number),
            'end'
        ) as next_state
    from numbered
)

select * from final
