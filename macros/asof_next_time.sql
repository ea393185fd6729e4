{#
    The right side's "next time" column that `asof_join` needs on engines without an as-of
    join: the next `time_column` in the same `partition_by` (ordered by `order_by`), null for
    the last. DuckDB's as-of join needs no end, so there it is a typed null: DuckDB does not
    prune an unused window, and this one sorted the 8.5M views of a 10M-event world for
    nothing (int_post_actions__matched took 1.5x as long).
#}
{% macro asof_next_time(time_column, partition_by, order_by) -%}
    {{ return(adapter.dispatch('asof_next_time', 'shadowpersona')(
        time_column, partition_by, order_by
    )) }}
{%- endmacro %}

{% macro duckdb__asof_next_time(time_column, partition_by, order_by) -%}
    cast(null as timestamp)
{%- endmacro %}

{% macro default__asof_next_time(time_column, partition_by, order_by) -%}
    lead({{ time_column }}) over (partition by {{ partition_by }} order by {{ order_by }})
{%- endmacro %}
