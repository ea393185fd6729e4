{#
    Session habits per user (per window): the one definition, used by
    int_user_features__by_window for every window (the whole period `all`, the cumulative
    horizons and the weeks).
    `sessions` is a relation or CTE with one row per session, the columns of
    int_sessions__aggregated it reads, the `keys` columns that name the window, and
    observed_days: the days over which the user was observed in that window, which the caller
    defines (it is a property of the window, not of the sessions). Rates per day divide by it.
#}
{% macro aggregate_user_sessions(sessions, keys=[]) -%}
    {%- set group_keys = keys + ['user_id'] %}
    with

    per_user as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            max(observed_days) as observed_days,
            count(*) as n_sessions,
            count(distinct cast(session_started_at_local as date)) as active_days,
            -- Sums of doubles over sessions: exact, so that they do not depend on the order
            -- in which DuckDB's threads add them.
            {{ exact_sum('duration_s') }} / 60.0 as total_session_min,
            {{ exact_sum('engaged_time_s') }} / 60.0 as total_engaged_min,
            sum(n_impressions) as n_impressions,
            median(duration_s) / 60.0 as median_session_min,
            avg(scroll_depth_items) as avg_scroll_depth_items,
            -- Shares average integers (a double on every engine; Spark's average of a
            -- decimal keeps only four more decimal places).
            avg(case when is_late_night then 1 else 0 end) as late_night_session_share,
            avg(case when is_from_notification then 1 else 0 end)
                as notification_session_share,
            median(gap_since_previous_session_min) as median_gap_between_sessions_min
        from {{ sessions }}
        group by {{ group_keys | join(', ') }}
    ),

    rates as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            n_sessions,
            active_days,
            observed_days,
            median_session_min,
            avg_scroll_depth_items,
            late_night_session_share,
            notification_session_share,
            median_gap_between_sessions_min,
            total_engaged_min,
            n_impressions,
            -- Posts per minute on screen: a fast scroller sees many posts per minute.
            n_impressions / nullif(total_session_min, 0) as scroll_speed_items_per_min
        from per_user
    )

    select
        *,
        n_sessions * 1.0 / observed_days as sessions_per_day,
        total_engaged_min / observed_days as engaged_min_per_day
    from rates
{%- endmacro %}
