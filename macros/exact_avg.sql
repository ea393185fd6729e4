{#
    avg() of a double expression that does not depend on the order of the rows: exact_sum over
    the count of non-null values. A double avg() adds in the order the rows arrive, and with
    more than one DuckDB thread per query that order changes from build to build
    (docs/operations.md#deterministic-builds). Null when every value is null, as avg().
#}
{% macro exact_avg(expression) -%}
    {{ exact_sum(expression) }} / nullif(count({{ expression }}), 0)
{%- endmacro %}
