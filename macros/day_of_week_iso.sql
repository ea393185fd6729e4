{#
    ISO day of the week of a timestamp: 1 = Monday ... 7 = Sunday. Engines disagree on the
    numbering (Spark's dayofweek starts on Sunday), so it is dispatched per adapter.
#}
{% macro day_of_week_iso(timestamp_expression) -%}
    {{ return(adapter.dispatch('day_of_week_iso', 'shadowpersona')(timestamp_expression)) }}
{%- endmacro %}

{% macro default__day_of_week_iso(timestamp_expression) -%}
    extract(isodow from {{ timestamp_expression }})
{%- endmacro %}

{% macro spark__day_of_week_iso(timestamp_expression) -%}
    ((dayofweek({{ timestamp_expression }}) + 5) % 7 + 1)
{%- endmacro %}
