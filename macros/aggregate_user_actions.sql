{#
    How often and how fast a user acts on posts (per window): the one definition, used by
    int_user_features__by_window for every window (the whole period is its window `all`). `post_days` holds the user's rows of
    int_user_days__post_events (post events counted per local day and category) with the
    window `keys`; `post_actions` the likes, comments and shares matched to the view they
    followed (int_post_actions__matched), with time_to_act_ms and dwell_ms.
#}
{% macro aggregate_user_actions(post_days, post_actions, keys=[]) -%}
    {%- set group_keys = keys + ['user_id'] %}
    with

    action_speed as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            median(time_to_act_ms) as median_time_to_act_ms,
            -- Share of the post's time on screen that passed before acting: 0.1 = within the
            -- first tenth. Independent of how long the user lingers in general. An action can
            -- come after its view's time on screen (the view it followed was quarantined, so
            -- it matched an earlier one): it acted no sooner than the view's end, 1.
            median(least(time_to_act_ms * 1.0 / nullif(dwell_ms, 0), 1.0))
                as median_time_to_act_share
        from {{ post_actions }}
        group by {{ group_keys | join(', ') }}
    ),

    counts as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            sum(n_impressions) as n_impressions,
            sum(n_likes) as n_likes,
            sum(n_comments) as n_comments,
            sum(n_shares) as n_shares,
            sum(n_rage_clicks) as n_rage_clicks
        from {{ post_days }}
        group by {{ group_keys | join(', ') }}
    )

    select
        {% for key in group_keys -%}
            counts.{{ key }},
        {% endfor -%}
        counts.n_likes,
        counts.n_comments,
        counts.n_shares,
        counts.n_rage_clicks,
        100.0 * counts.n_likes / nullif(counts.n_impressions, 0) as likes_per_100_views,
        100.0 * counts.n_comments / nullif(counts.n_impressions, 0) as comments_per_100_views,
        100.0 * counts.n_shares / nullif(counts.n_impressions, 0) as shares_per_100_views,
        100.0 * counts.n_rage_clicks / nullif(counts.n_impressions, 0)
            as rage_clicks_per_100_views,
        action_speed.median_time_to_act_ms,
        action_speed.median_time_to_act_share
    from counts
    left join action_speed
        on {{ join_condition('counts', 'action_speed', group_keys) }}
{%- endmacro %}
