-- Platform health per UTC day: active users, sessions, engaged time, notifications, ads and
-- stickiness. The generator simulates each user's local days, so the first and last
-- var('partial_edge_days') UTC dates hold only part of the world's day (users west of UTC
-- start late, users east of it stop early): is_complete_day marks the others, and only
-- complete days are scored for anomalies.
with

sessions as (
    select
        user_id,
        session_date,
        engaged_time_s
    from {{ ref('fct_sessions') }}
),

notifications as (
    select
        is_opened,
        sent_at,
        opened_at
    from {{ ref('int_notifications__clean') }}
),

ad_impressions as (
    select
        is_clicked,
        shown_at
    from {{ ref('int_ad_impressions__clean') }}
),

user_days as (
    select distinct
        user_id,
        session_date as activity_date
    from sessions
),

session_days as (
    select
        session_date as activity_date,
        count(distinct user_id) as n_active_users,
        count(*) as n_sessions,
        -- exact: a double sum would depend on the order DuckDB's threads add sessions in
        {{ exact_sum('engaged_time_s') }} / 60.0 as engaged_min
    from sessions
    group by all
),

notifications_sent as (
    select
        cast(sent_at as date) as activity_date,
        count(*) as n_notifications_sent,
        sum(case when is_opened then 1 else 0 end) as n_sent_and_opened
    from notifications
    group by all
),

notifications_opened as (
    select
        cast(opened_at as date) as activity_date,
        count(*) as n_notification_opens
    from notifications
    where is_opened
    group by all
),

ads as (
    select
        cast(shown_at as date) as activity_date,
        count(*) as n_ad_impressions,
        sum(case when is_clicked then 1 else 0 end) as n_ad_clicks
    from ad_impressions
    group by all
),

trailing_actives as (
    select
        session_days.activity_date,
        count(distinct case
            when user_days.activity_date > {{ dbt.dateadd('day', -7, 'session_days.activity_date') }}  -- noqa: LT05
                then user_days.user_id
        end) as n_active_users_7d,
        count(distinct user_days.user_id) as n_active_users_mau_window
    from session_days
    inner join user_days
        on
            session_days.activity_date >= user_days.activity_date
            and user_days.activity_date
            > {{ dbt.dateadd('day', -var('stickiness_window_days'), 'session_days.activity_date') }}  -- noqa: LT05
    group by all
),

date_range as (
    select
        min(activity_date) as first_date,
        max(activity_date) as last_date
    from session_days
),

final as (
    select
        session_days.activity_date,
        cast(session_days.n_active_users as bigint) as n_active_users,
        cast(session_days.n_sessions as bigint) as n_sessions,
        cast(session_days.engaged_min as double) as engaged_min,
        cast(session_days.engaged_min / session_days.n_active_users as double)
            as engaged_min_per_active_user,
        cast(coalesce(notifications_sent.n_notifications_sent, 0) as bigint)
            as n_notifications_sent,
        cast(coalesce(notifications_opened.n_notification_opens, 0) as bigint)
            as n_notification_opens,
        cast(notifications_sent.n_sent_and_opened as double)
        / nullif(notifications_sent.n_notifications_sent, 0) as notification_open_rate,
        cast(coalesce(ads.n_ad_impressions, 0) as bigint) as n_ad_impressions,
        cast(coalesce(ads.n_ad_clicks, 0) as bigint) as n_ad_clicks,
        cast(ads.n_ad_clicks as double) / nullif(ads.n_ad_impressions, 0) as ad_ctr,
        cast(trailing_actives.n_active_users_7d as bigint) as n_active_users_7d,
        cast(trailing_actives.n_active_users_mau_window as bigint) as n_active_users_mau_window,
        cast(session_days.n_active_users as double)
        / trailing_actives.n_active_users_mau_window as stickiness_dau_mau,
        {{ dbt.datediff('date_range.first_date', 'session_days.activity_date', 'day') }}
        + 1 >= {{ var('stickiness_window_days') }} as has_full_mau_window,
        session_days.activity_date
        >= {{ dbt.dateadd('day', var('partial_edge_days'), 'date_range.first_date') }}
        and session_days.activity_date
        <= {{ dbt.dateadd('day', -var('partial_edge_days'), 'date_range.last_date') }}
            as is_complete_day
    from session_days
    cross join date_range
    inner join trailing_actives
        on session_days.activity_date = trailing_actives.activity_date
    left join notifications_sent
        on session_days.activity_date = notifications_sent.activity_date
    left join notifications_opened
        on session_days.activity_date = notifications_opened.activity_date
    left join ads
        on session_days.activity_date = ads.activity_date
)

select * from final
