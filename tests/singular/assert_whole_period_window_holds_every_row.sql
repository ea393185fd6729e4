-- The whole period is the window `all`, cut from each user's first to last local midnight
-- like any window (int_user_windows__enumerated), so a row outside those bounds would be
-- silently left out of the profile. Every profiled user's sessions, notifications and ads
-- must all be in it. Returns the users whose counts in the window differ from their clean rows.
with

whole_period as (
    select
        user_id,
        n_sessions,
        n_notifications,
        n_ad_impressions
    from {{ ref('int_user_features__combined') }}
),

sessions as (
    select
        user_id,
        count(*) as n_sessions
    from {{ ref('int_sessions__aggregated') }}
    group by user_id
),

notifications as (
    select
        user_id,
        count(*) as n_notifications
    from {{ ref('int_notifications__clean') }}
    group by user_id
),

ad_impressions as (
    select
        user_id,
        count(*) as n_ad_impressions
    from {{ ref('int_ad_impressions__clean') }}
    group by user_id
)

select
    whole_period.user_id,
    whole_period.n_sessions,
    sessions.n_sessions as clean_sessions,
    whole_period.n_notifications,
    notifications.n_notifications as clean_notifications,
    whole_period.n_ad_impressions,
    ad_impressions.n_ad_impressions as clean_ad_impressions
from whole_period
left join sessions
    on whole_period.user_id = sessions.user_id
left join notifications
    on whole_period.user_id = notifications.user_id
left join ad_impressions
    on whole_period.user_id = ad_impressions.user_id
where whole_period.n_sessions <> coalesce(sessions.n_sessions, 0)
    or whole_period.n_notifications <> coalesce(notifications.n_notifications, 0)
    or whole_period.n_ad_impressions <> coalesce(ad_impressions.n_ad_impressions, 0)
