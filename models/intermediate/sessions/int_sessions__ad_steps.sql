-- Ad impressions and clicks as steps of the session they fall in: each joins, by an as-of
-- join, the latest session of the user that started at or before it (ads before a user's
-- first session have none and are left out). int_sessions__steps orders them among the
-- session's events; the ad's latest load tells its incremental runs which ads are new.
with

sessions as (
    select
        user_id,
        session_number,
        session_started_at,
        -- Only engines without an as-of join use it (macro asof_join).
        {{ asof_next_time('session_started_at', 'user_id', 'session_number') }}
            as next_session_started_at
    from {{ ref('int_sessions__aggregated') }}
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

ad_loads as (
    select
        ad_impression_id,
        max(load_date) as last_load_date
    from {{ ref('stg_platform__ad_impressions') }}
    group by ad_impression_id
),

ad_steps as (
    -- kind_order puts an impression before its own click at the same instant.
    select
        user_id,
        shown_at as step_at,
        2 as kind_order,
        ad_impression_id as row_key,
        'ad_impression' as event_kind
    from ad_impressions
    union all
    select
        user_id,
        clicked_at as step_at,
        3 as kind_order,
        ad_impression_id as row_key,
        'ad_click' as event_kind
    from ad_impressions
    where is_clicked
),

final as (
    select
        ad_steps.user_id,
        sessions.session_number,
        ad_steps.step_at,
        ad_steps.kind_order,
        ad_steps.row_key,
        ad_steps.event_kind,
        ad_loads.last_load_date
    from ad_steps
    inner join ad_loads
        on ad_steps.row_key = ad_loads.ad_impression_id
    {{ asof_join(
        'sessions',
        'ad_steps.user_id = sessions.user_id',
        'ad_steps.step_at',
        'sessions.session_started_at',
        'sessions.next_session_started_at',
    ) }}
)

select * from final
