{#
    `left.k1 = right.k1 and left.k2 = right.k2 ...` for a list of key columns: the join
    condition of two per-user (per-window) relations in the feature macros, whose keys are
    the window columns the caller passes plus user_id.
#}
{% macro join_condition(left, right, keys) -%}
    {%- for key in keys -%}
        {{ ' and ' if not loop.first }}{{ left }}.{{ key }} = {{ right }}.{{ key }}
    {%- endfor -%}
{%- endmacro %}
