{#
    Pearson's correlation of two double expressions (an aggregate, like `corr(x, y)`), from
    exact decimal sums, so that it does not depend on the order of the rows: `corr()` adds
    doubles in the order they arrive, which SQL leaves open, and two builds of the same data
    would differ in the last bits (docs/operations.md#deterministic-builds). Rows where either
    value is null are left out, as `corr()` does; no spread in either gives NaN, as `corr()`
    does.
#}
{% macro exact_corr(x, y) -%}
    {%- set pair = '(' ~ x ~ ') is not null and (' ~ y ~ ') is not null' -%}
    {%- set n = 'cast(count(*) filter (where ' ~ pair ~ ') as double)' -%}
    {%- set sx = exact_sum_where(x, pair) -%}
    {%- set sy = exact_sum_where(y, pair) -%}
    {%- set sxy = exact_sum_where('(' ~ x ~ ') * (' ~ y ~ ')', pair) -%}
    {%- set sxx = exact_sum_where('(' ~ x ~ ') * (' ~ x ~ ')', pair) -%}
    {%- set syy = exact_sum_where('(' ~ y ~ ') * (' ~ y ~ ')', pair) -%}
    coalesce(
        ({{ n }} * {{ sxy }} - {{ sx }} * {{ sy }})
        / nullif(sqrt(
            greatest({{ n }} * {{ sxx }} - {{ sx }} * {{ sx }}, 0)
            * greatest({{ n }} * {{ syy }} - {{ sy }} * {{ sy }}, 0)
        ), 0),
        case when {{ n }} > 0 then cast('nan' as double) end
    )
{%- endmacro %}
