{#
    Notification reactivity per user (per window): the one definition, used by
    int_user_features__by_window for every window (the whole period is its window `all`). `notifications` holds one row per
    notification sent, with is_opened and open_latency_s.
#}
{% macro aggregate_user_notifications(notifications, keys=[]) -%}
    {%- set group_keys = keys + ['user_id'] %}
    with

    per_user as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            count(*) as n_notifications,
            sum(case when is_opened then 1 else 0 end) as n_notifications_opened,
            median(open_latency_s) as median_open_latency_s
        from {{ notifications }}
        group by {{ group_keys | join(', ') }}
    )

    select
        {% for key in group_keys -%}
            {{ key }},
        {% endfor -%}
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
{%- endmacro %}
