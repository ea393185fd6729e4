-- Ad response per user, smoothed toward the population rate (a prior worth 20 impressions).
-- The aggregation is the macro aggregate_user_ads, shared with the windowed features
-- (int_user_features__by_window).
with

ad_impressions as (
    select
        user_id,
        is_clicked,
        is_converted,
        time_to_click_ms
    from {{ ref('int_ad_impressions__clean') }}
),

user_ads as (
    {{ aggregate_user_ads('ad_impressions') }}
)

select * from user_ads
