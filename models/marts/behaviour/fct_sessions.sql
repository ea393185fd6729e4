-- Sessions as a fact table: the session cut of int_sessions__aggregated, plus how each session
-- ended and the engaged and doomscroll flags (definitions and thresholds in dbt_project.yml vars).
with

sessions as (
    select
        session_id,
        user_id,
        session_number,
        session_started_at,
        session_ended_at,
        session_started_at_local,
        duration_s,
        engaged_time_s,
        n_events,
        n_impressions,
        n_engagements,
        scroll_depth_items,
        gap_since_previous_session_min,
        is_late_night,
        is_from_notification,
        has_app_close
    from {{ ref('int_sessions__aggregated') }}
),

session_events as (
    select
        session_id,
        event_type,
        event_index
    from {{ ref('int_sessions__events') }}
),

event_summary as (
    select
        session_id,
        sum(case when event_type = 'share' then 1 else 0 end) as n_shares,
        sum(case when event_type = 'rage_click' then 1 else 0 end) as n_rage_clicks,
        max(case when event_type != 'app_close' then event_index end) as last_action_index
    from session_events
    group by all
),

last_actions as (
    -- None for a session of which only the app_close has arrived so far: its other events
    -- are late deliveries still to come (README, "Daily loads").
    select
        event_summary.session_id,
        event_summary.n_shares,
        event_summary.n_rage_clicks,
        session_events.event_type as last_action_type
    from event_summary
    left join session_events
        on
            event_summary.session_id = session_events.session_id
            and event_summary.last_action_index = session_events.event_index
),

final as (
    select
        sessions.session_id,
        sessions.user_id,
        cast(sessions.session_number as bigint) as session_number,
        cast(sessions.session_started_at as date) as session_date,
        sessions.session_started_at,
        sessions.session_ended_at,
        sessions.session_started_at_local,
        cast(sessions.duration_s as double) as duration_s,
        cast(sessions.engaged_time_s as double) as engaged_time_s,
        cast(sessions.n_events as bigint) as n_events,
        cast(sessions.n_impressions as bigint) as n_impressions,
        cast(sessions.n_engagements as bigint) as n_engagements,
        cast(event_summary_of_session.n_shares as bigint) as n_shares,
        cast(event_summary_of_session.n_rage_clicks as bigint) as n_rage_clicks,
        cast(sessions.scroll_depth_items as bigint) as scroll_depth_items,
        cast(sessions.gap_since_previous_session_min as double) as gap_since_previous_session_min,
        sessions.is_late_night,
        sessions.is_from_notification,
        sessions.engaged_time_s >= {{ var('engaged_session_min_engaged_s') }}
        or sessions.n_engagements >= 1 as is_engaged,
        sessions.scroll_depth_items >= {{ var('doomscroll_min_items') }}
        and sessions.duration_s >= {{ var('doomscroll_min_minutes') }} * 60
        and sessions.n_engagements * 100
        < {{ var('doomscroll_max_engagements_per_100') }} * sessions.n_impressions
            as is_doomscroll,
        sessions.n_impressions = 0 as is_bounce,
        case when sessions.has_app_close then 'app_close' else 'timeout' end as ended_by,
        last_actions.last_action_type
    from sessions
    inner join event_summary as event_summary_of_session
        on sessions.session_id = event_summary_of_session.session_id
    left join last_actions
        on sessions.session_id = last_actions.session_id
)

select * from final
