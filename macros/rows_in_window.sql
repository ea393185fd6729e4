{#
    The rows of `rows` that fall in a user's time window: joined to `windows` (one row per
    user per window, int_user_windows__enumerated) on user_id, with `time_column` at or after
    window_start_at and before window_end_at. Returns window_id, the `window_columns` of
    `windows`, and every column of `rows`. A row falls in as many windows as contain it.
#}
{% macro rows_in_window(rows, windows, time_column, window_columns=[]) -%}
    select
        {{ windows }}.window_id,
        {% for column in window_columns -%}
            {{ windows }}.{{ column }},
        {% endfor -%}
        {{ rows }}.*
    from {{ rows }}
    inner join {{ windows }}
        on {{ rows }}.user_id = {{ windows }}.user_id
            and {{ rows }}.{{ time_column }} >= {{ windows }}.window_start_at
            and {{ rows }}.{{ time_column }} < {{ windows }}.window_end_at
{%- endmacro %}
