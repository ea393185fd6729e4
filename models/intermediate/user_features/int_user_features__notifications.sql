-- Notification reactivity per user: how many nudges they get, how many they open, how fast.
-- The aggregation is the macro aggregate_user_notifications, shared with the windowed
-- features (int_user_features__by_window).
with

notifications as (
    select
        user_id,
        is_opened,
        open_latency_s
    from {{ ref('int_notifications__clean') }}
),

user_notifications as (
    {{ aggregate_user_notifications('notifications') }}
)

select * from user_notifications
