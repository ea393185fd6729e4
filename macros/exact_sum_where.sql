{#
    exact_sum (order-independent sum of doubles) over the rows that meet a condition: the
    building block of exact_corr.
#}
{% macro exact_sum_where(expression, condition) -%}
    cast(sum(cast({{ expression }} as decimal(38, 12))) filter (where {{ condition }}) as double)
{%- endmacro %}
