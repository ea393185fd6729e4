-- Notification reactivity per user: how many nudges they get, how many they open, how fast.
with

notifications as (
    select
        user_id,
        is_opened,
        open_latency_s
    from {{ ref('stg_platform__notifications') }}
),

per_user as (
    select
        user_id,
        count(*) as n_notifications,
        sum(case when is_opened then 1 else 0 end) as n_notifications_opened,
        median(open_latency_s) as median_open_latency_s
    from notifications
    group by user_id
),

final as (
    select
        user_id,
        n_notifications,
        n_notifications_opened,
        n_notifications_opened * 1.0 / n_notifications as notification_open_rate,
        median_open_latency_s,
        -- ShadowPersona's original flag: opens at least half of the notifications, and the
        -- typical one within five minutes.
        coalesce(
            n_notifications_opened * 1.0 / n_notifications >= 0.5
            and median_open_latency_s <= 300,
            false
        ) as active_notif_responder
    from per_user
)

select * from final
