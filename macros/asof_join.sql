{#
    Joins each row of the left relation to the row of `right` with the latest `right_time` at
    or before its `left_time`, among the rows that meet `condition` (an as-of join). DuckDB
    has ASOF JOIN, which is far cheaper than a range join. Other engines (Spark) get a range
    join instead: `right_next_time` must be the next `right_time` among the rows that
    `condition` matches (null for the last), so that each left row falls in one interval.
#}
{% macro asof_join(right, condition, left_time, right_time, right_next_time) -%}
    {{ return(adapter.dispatch('asof_join', 'shadowpersona')(
        right, condition, left_time, right_time, right_next_time
    )) }}
{%- endmacro %}

{% macro duckdb__asof_join(right, condition, left_time, right_time, right_next_time) -%}
    asof join {{ right }}
        on
            {{ condition }}
            and {{ left_time }} >= {{ right_time }}
{%- endmacro %}

{% macro default__asof_join(right, condition, left_time, right_time, right_next_time) -%}
    inner join {{ right }}
        on
            {{ condition }}
            and {{ left_time }} >= {{ right_time }}
            and ({{ right_next_time }} is null or {{ left_time }} < {{ right_next_time }})
{%- endmacro %}
