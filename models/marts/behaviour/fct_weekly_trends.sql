-- Platform health per ISO week (Monday start). Weekly active users are distinct users, so
-- they come from the sessions, not from summing the daily counts.
with

sessions as (
    select
        user_id,
        session_date
    from {{ ref('fct_sessions') }}
),

daily as (
    select
        activity_date,
        n_active_users,
        n_sessions,
        engaged_min,
        n_notification_opens,
        n_ad_impressions,
        n_ad_clicks,
        is_complete_day
    from {{ ref('fct_daily_trends') }}
),

weekly_actives as (
    select
        cast({{ dbt.date_trunc('week', 'session_date') }} as date) as week_start,
        count(distinct user_id) as n_active_users
    from sessions
    group by all
),

weekly_totals as (
    select
        cast({{ dbt.date_trunc('week', 'activity_date') }} as date) as week_start,
        count(*) as n_days_observed,
        sum(case when is_complete_day then 1 else 0 end) as n_complete_days,
        avg(n_active_users) as avg_daily_active_users,
        sum(n_sessions) as n_sessions,
        {{ exact_sum('engaged_min') }} as engaged_min,
        sum(n_notification_opens) as n_notification_opens,
        sum(n_ad_impressions) as n_ad_impressions,
        sum(n_ad_clicks) as n_ad_clicks
    from daily
    group by all
),

final as (
    select
        weekly_totals.week_start,
        cast(weekly_totals.n_days_observed as integer) as n_days_observed,
        weekly_totals.n_complete_days = 7 as is_complete_week,
        cast(weekly_actives.n_active_users as bigint) as n_active_users,
        cast(weekly_totals.avg_daily_active_users as double) as avg_daily_active_users,
        cast(weekly_totals.n_sessions as bigint) as n_sessions,
        cast(weekly_totals.engaged_min as double) as engaged_min,
        cast(weekly_totals.n_notification_opens as bigint) as n_notification_opens,
        cast(weekly_totals.n_ad_impressions as bigint) as n_ad_impressions,
        cast(weekly_totals.n_ad_clicks as double)
        / nullif(weekly_totals.n_ad_impressions, 0) as ad_ctr
    from weekly_totals
    inner join weekly_actives
        on weekly_totals.week_start = weekly_actives.week_start
)

select * from final
