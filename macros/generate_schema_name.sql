{#
    Use a model's custom schema name as is (staging, features, marts), without dbt's default
    "<target schema>_" prefix, so users write `marts.fct_user_traits`. Models without a custom
    schema stay in the target schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
