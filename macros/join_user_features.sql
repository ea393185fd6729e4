{#
    The behavioural feature vector per user (per window): the outputs of the five
    aggregate_user_* macros joined on the user (and the window `keys`). One row per user with
    at least one session. Used by int_user_features__by_window, whose window `all` is
    int_user_features__combined.
#}
{% macro join_user_features(
    user_sessions, user_content, user_actions, user_notifications, user_ads, keys=[]
) -%}
    {%- set group_keys = keys + ['user_id'] %}
    select
        -- ids
        {% for key in group_keys -%}
            {{ user_sessions }}.{{ key }},
        {% endfor %}
        -- exposure
        {{ user_sessions }}.observed_days,
        {{ user_sessions }}.active_days,
        {{ user_sessions }}.n_sessions,
        {{ user_sessions }}.n_impressions,

        -- session habits
        {{ user_sessions }}.sessions_per_day,
        {{ user_sessions }}.engaged_min_per_day,
        {{ user_sessions }}.median_session_min,
        {{ user_sessions }}.avg_scroll_depth_items,
        {{ user_sessions }}.scroll_speed_items_per_min,
        {{ user_sessions }}.late_night_session_share,
        {{ user_sessions }}.notification_session_share,
        {{ user_sessions }}.median_gap_between_sessions_min,

        -- content diet
        {{ user_content }}.category_entropy,
        {{ user_content }}.top_category,
        {{ user_content }}.top_category_share,
        coalesce({{ user_content }}.feed_bias_category, 'none') as feed_bias_category,
        {{ user_content }}.outrage_exposure_share,
        {{ user_content }}.outrage_dwell_lift,
        {{ user_content }}.outrage_shares_per_100_views,
        {{ user_content }}.total_negative_engagement_score,

        -- actions
        {{ user_actions }}.likes_per_100_views,
        {{ user_actions }}.comments_per_100_views,
        {{ user_actions }}.shares_per_100_views,
        {{ user_actions }}.rage_clicks_per_100_views,
        {{ user_actions }}.median_time_to_act_ms,
        {{ user_actions }}.median_time_to_act_share,

        -- notifications
        coalesce({{ user_notifications }}.n_notifications, 0) as n_notifications,
        {{ user_notifications }}.notification_open_rate,
        {{ user_notifications }}.median_open_latency_s,
        coalesce({{ user_notifications }}.active_notif_responder, false)
            as active_notif_responder,

        -- ads
        coalesce({{ user_ads }}.n_ad_impressions, 0) as n_ad_impressions,
        {{ user_ads }}.ad_ctr,
        {{ user_ads }}.ad_conversions_per_100_ads,
        {{ user_ads }}.median_time_to_click_ms

    from {{ user_sessions }}
    left join {{ user_content }}
        on {{ join_condition(user_sessions, user_content, group_keys) }}
    left join {{ user_actions }}
        on {{ join_condition(user_sessions, user_actions, group_keys) }}
    left join {{ user_notifications }}
        on {{ join_condition(user_sessions, user_notifications, group_keys) }}
    left join {{ user_ads }}
        on {{ join_condition(user_sessions, user_ads, group_keys) }}
{%- endmacro %}
