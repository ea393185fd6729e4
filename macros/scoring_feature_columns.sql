{#
    The numeric columns of the feature vector that the scoring standardises (and that the
    scoring_features seed may weight). One list for the whole-period and the windowed scores;
    the singular test assert_every_scoring_feature_is_scored fails when a seeded feature is
    missing here.
#}
{% macro scoring_feature_columns() -%}
    {{ return([
        'sessions_per_day', 'engaged_min_per_day', 'median_session_min', 'avg_scroll_depth_items',
        'scroll_speed_items_per_min', 'late_night_session_share', 'notification_session_share',
        'median_gap_between_sessions_min', 'category_entropy', 'top_category_share',
        'outrage_exposure_share', 'outrage_dwell_lift', 'outrage_shares_per_100_views',
        'total_negative_engagement_score', 'likes_per_100_views', 'comments_per_100_views',
        'shares_per_100_views', 'rage_clicks_per_100_views', 'median_time_to_act_share',
        'notification_open_rate', 'median_open_latency_s', 'ad_ctr', 'ad_conversions_per_100_ads',
        'median_time_to_click_ms',
    ]) }}
{%- endmacro %}
