{#
    One level of a quasi-identifier's generalisation hierarchy (var('privacy_quasi_identifiers'))
    as SQL: the column of int_users__quasi_identifiers that holds it, or the literal '*' for an
    attribute that is withheld.
#}
{% macro privacy_level(level) %}
    {%- if level == '*' -%}
        cast('*' as {{ dbt.type_string() }})
    {%- else -%}
        {{ level }}
    {%- endif -%}
{% endmacro %}
