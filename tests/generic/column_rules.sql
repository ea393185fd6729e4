{#
    Every one-row rule on a table's columns in one test and one scan: the columns that must not
    be null, the ranges (either bound optional) and the accepted values (nulls pass those two;
    not_null catches them). Returns one row per broken rule with the number of rows that
    break it.

    For the tables whose rules no enforced contract can hold: views, Python models, seeds and
    sources, and the event-grain tables, where DuckDB checking constraints as it writes cost
    more than one test (docs/contributing.md#style). One node per table instead of one per
    column and rule: each dbt node costs tens of milliseconds of dbt's own time, whatever the
    table's size.
#}
{% test column_rules(model, not_null=[], ranges={}, accepted_values={}) %}
{%- set rules = [] -%}
{%- for column in not_null -%}
    {%- do rules.append((column ~ ' is null', column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, bounds in ranges.items() -%}
    {%- set low, high = bounds.get('min_value'), bounds.get('max_value') -%}
    {%- if low is not none and high is not none -%}
        {%- do rules.append((
            column ~ ' outside [' ~ low ~ ', ' ~ high ~ ']',
            column ~ ' < ' ~ low ~ ' or ' ~ column ~ ' > ' ~ high
        )) -%}
    {%- elif low is not none -%}
        {%- do rules.append((column ~ ' below ' ~ low, column ~ ' < ' ~ low)) -%}
    {%- else -%}
        {%- do rules.append((column ~ ' above ' ~ high, column ~ ' > ' ~ high)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- do rules.append((
        column ~ ' not an accepted value',
        column ~ " not in ('" ~ values | join("', '") ~ "')"
    )) -%}
{%- endfor -%}
{%- if not rules -%}
    {{ exceptions.raise_compiler_error("column_rules on " ~ model ~ " names no rule") }}
{%- endif %}
with broken_rows as (
    select
    {%- for rule in rules %}
        sum(case when {{ rule[1] }} then 1 else 0 end) as rule_{{ loop.index }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ model }}
)

{%- for rule in rules %}
select '{{ rule[0] }}' as broken_rule, rule_{{ loop.index }} as failing_rows
from broken_rows
where rule_{{ loop.index }} > 0
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
{% endtest %}
