{#
    A user's content diet per window: one row per user (and window `keys`) per content
    category shown or acted on. `events_with_content` holds impressions, likes, comments and
    shares with the post's category. Shared by int_user_features__categories and the windowed
    features.
#}
{% macro aggregate_user_categories(events_with_content, keys=[]) -%}
    {%- set group_keys = keys + ['user_id', 'category'] %}
    select
        {% for key in group_keys -%}
            {{ key }},
        {% endfor -%}
        sum(case when event_type = 'impression' then 1 else 0 end) as n_impressions,
        sum(case when event_type in ('like', 'comment', 'share') then 1 else 0 end)
            as n_engagements,
        cast(coalesce(sum(dwell_ms), 0) as double) / 1000 as dwell_s
    from {{ events_with_content }}
    group by {{ group_keys | join(', ') }}
{%- endmacro %}
