{#
    dbt.datediff on Spark, for the parts this project uses, with the meaning it has on DuckDB
    and most warehouses: the number of part boundaries crossed between the two timestamps
    (datediff('second', '10:00:00.900', '10:00:01.100') = 1). dbt-spark's own version counts
    elapsed time in whole seconds instead, so its answers differ by one around a boundary.
    Both timestamps are truncated to the part, then subtracted exactly (timestampdiff).
#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- elif datepart in ['hour', 'minute', 'second', 'millisecond'] -%}
        timestampdiff(
            {{ datepart | upper }},
            date_trunc('{{ datepart }}', {{ first_date }}),
            date_trunc('{{ datepart }}', {{ second_date }})
        )
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "spark__datediff: datepart '" ~ datepart ~ "' is not implemented") }}
    {%- endif -%}
{%- endmacro %}
