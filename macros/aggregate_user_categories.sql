{#
    A user's content diet per window: one row per user (and window `keys`) per content
    category shown or acted on. `post_days` holds rows of int_user_days__post_events (one per
    user, local day and category) with the window `keys`. Shared by
    int_user_features__categories (the whole period, no keys: the content diet mart's rows)
    and int_user_features__by_window (the content features of every window).
#}
{% macro aggregate_user_categories(post_days, keys=[]) -%}
    {%- set group_keys = keys + ['user_id', 'category'] %}
    select
        {% for key in group_keys -%}
            {{ key }},
        {% endfor -%}
        sum(n_impressions) as n_impressions,
        sum(n_likes + n_comments + n_shares) as n_engagements,
        cast(coalesce(sum(dwell_ms), 0) as double) / 1000 as dwell_s
    from {{ post_days }}
    where category is not null
    group by {{ group_keys | join(', ') }}
    -- A category the user only rage-clicked in is not part of the diet.
    having sum(n_impressions + n_likes + n_comments + n_shares) > 0
{%- endmacro %}
