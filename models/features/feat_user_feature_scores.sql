-- Scoring features in long form, standardised across the population: one row per user per
-- feature listed in the scoring_features seed. A feature is first transformed as the seed
-- says (log1p for heavy-tailed rates and durations), then turned into a z-score and clipped.
-- A missing value (e.g. no ad ever clicked, so no click latency) gets z = 0: the population
-- mean, which moves no score.
{%- set numeric_features = [
    'sessions_per_day', 'engaged_min_per_day', 'median_session_min', 'avg_scroll_depth_items',
    'scroll_speed_items_per_min', 'late_night_session_share', 'notification_session_share',
    'median_gap_between_sessions_min', 'category_entropy', 'top_category_share',
    'outrage_exposure_share', 'outrage_dwell_lift', 'outrage_shares_per_100_views',
    'total_negative_engagement_score', 'likes_per_100_views', 'comments_per_100_views',
    'shares_per_100_views', 'rage_clicks_per_100_views', 'median_time_to_act_share',
    'notification_open_rate', 'median_open_latency_s', 'ad_ctr', 'ad_conversions_per_100_ads',
    'median_time_to_click_ms',
] %}

with

user_features as (
    select * from {{ ref('feat_user_features') }}
),

scoring_features as (
    select
        feature_name,
        value_transform
    from {{ ref('scoring_features') }}
),

unpivoted as (
    {%- for feature in numeric_features %}
        select
            user_id,
            '{{ feature }}' as feature_name,
            cast({{ feature }} as double) as feature_value
        from user_features
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

transformed as (
    select
        unpivoted.user_id,
        unpivoted.feature_name,
        unpivoted.feature_value,
        case scoring_features.value_transform
            when 'log1p' then ln(1 + unpivoted.feature_value)
            else unpivoted.feature_value
        end as transformed_value
    from unpivoted
    inner join scoring_features
        on unpivoted.feature_name = scoring_features.feature_name
),

standardised as (
    select
        *,
        (transformed_value - avg(transformed_value) over (partition by feature_name))
        / nullif(stddev_pop(transformed_value) over (partition by feature_name), 0) as raw_z
    from transformed
),

final as (
    select
        user_id,
        feature_name,
        feature_value,
        transformed_value,
        raw_z is null as is_imputed,
        case
            when raw_z is null then 0.0
            when raw_z > {{ var('feature_z_clip') }} then {{ var('feature_z_clip') }} * 1.0
            when raw_z < -{{ var('feature_z_clip') }} then -{{ var('feature_z_clip') }} * 1.0
            else raw_z
        end as z_score
    from standardised
)

select * from final
