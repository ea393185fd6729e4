{#
    stddev_pop() of a double expression that does not depend on the order of the rows: the
    square root of the mean square less the squared mean, both exact (exact_avg). Clipped at
    0, where rounding could leave a tiny negative variance for a constant expression.
#}
{% macro exact_stddev_pop(expression) -%}
    sqrt(greatest(
        {{ exact_avg('(' ~ expression ~ ') * (' ~ expression ~ ')') }}
        - power({{ exact_avg(expression) }}, 2),
        0
    ))
{%- endmacro %}
