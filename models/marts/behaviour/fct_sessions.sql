-- Sessions as a fact table: the sessions of int_sessions__aggregated, with how each session
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
        has_app_close,
        n_shares,
        n_rage_clicks,
        last_action_type
    from {{ ref('int_sessions__aggregated') }}
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
        cast(sessions.n_shares as bigint) as n_shares,
        cast(sessions.n_rage_clicks as bigint) as n_rage_clicks,
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
        sessions.last_action_type
    from sessions
)

select * from final
