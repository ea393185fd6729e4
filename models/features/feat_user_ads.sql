-- Ad response per user. Rates are smoothed toward the population rate with a prior worth 20
-- impressions, so a user who saw three ads and clicked one is not a "33 % CTR" user.
with

ad_impressions as (
    select
        user_id,
        is_clicked,
        is_converted,
        time_to_click_ms
    from {{ ref('stg_platform__ad_impressions') }}
),

per_user as (
    select
        user_id,
        count(*) as n_ad_impressions,
        sum(case when is_clicked then 1 else 0 end) as n_ad_clicks,
        sum(case when is_converted then 1 else 0 end) as n_ad_conversions,
        median(time_to_click_ms) as median_time_to_click_ms
    from ad_impressions
    group by user_id
),

population as (
    select
        sum(n_ad_clicks) * 1.0 / sum(n_ad_impressions) as population_ctr,
        sum(n_ad_conversions) * 1.0 / sum(n_ad_impressions) as population_conversion_rate
    from per_user
),

final as (
    select
        per_user.user_id,
        per_user.n_ad_impressions,
        per_user.n_ad_clicks,
        per_user.n_ad_conversions,
        (per_user.n_ad_clicks + 20 * population.population_ctr)
        / (per_user.n_ad_impressions + 20) as ad_ctr,
        100.0 * (per_user.n_ad_conversions + 20 * population.population_conversion_rate)
        / (per_user.n_ad_impressions + 20) as ad_conversions_per_100_ads,
        per_user.median_time_to_click_ms
    from per_user
    cross join population
)

select * from final
