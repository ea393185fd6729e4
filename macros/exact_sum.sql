{#
    The sum of a double expression, independent of the order its rows arrive in. A double sum
    rounds after every addition, so it depends on that order, which SQL leaves open: two
    builds of the same data would differ in the last bits
    (docs/operations.md#deterministic-builds). Summing exact decimals (12 places, far below
    what any score shows) and casting back does not. `over`: a window (its text inside the
    parentheses) for the sum as a window function. `scale`: the decimal places; 30 for sums
    of probabilities (below 1e8), whose renormalised values must match exact fractions to the
    last bit of a double.
#}
{% macro exact_sum(expression, over=none, scale=12) -%}
    cast(sum({{ exact_decimal(expression, scale) }})
    {%- if over %} over ({{ over }}){% endif %} as double)
{%- endmacro %}

{#
    A double as the exact decimal that exact_sum adds up: for partial sums kept in a table
    (per user and day), whose exact_sum later gives the sum over all the rows.
#}
{% macro exact_decimal(expression, scale=12) -%}
    cast({{ expression }} as decimal(38, {{ scale }}))
{%- endmacro %}
