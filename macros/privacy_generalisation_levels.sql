{#
    The hierarchy level of every quasi-identifier at every step of the k-anonymised export:
    a list whose item s maps each quasi-identifier to its level (a column name or '*') at step
    s. Step 0 is the most precise level of each; step s raises by one level the attribute named
    by item s of var('privacy_generalisation_steps'). Fails at compile time when a step names
    an unknown attribute or climbs past the top of its hierarchy.
#}
{% macro privacy_generalisation_levels() %}
    {%- set quasi_identifiers = var('privacy_quasi_identifiers') -%}
    {%- set hierarchies = {} -%}
    {%- set depth = {} -%}
    {%- for qi in quasi_identifiers -%}
        {%- do hierarchies.update({qi.quasi_identifier: qi.hierarchy}) -%}
        {%- do depth.update({qi.quasi_identifier: 0}) -%}
    {%- endfor -%}
    {%- set steps = [] -%}
    {%- set first = {} -%}
    {%- for qi in quasi_identifiers -%}
        {%- do first.update({qi.quasi_identifier: qi.hierarchy[0]}) -%}
    {%- endfor -%}
    {%- do steps.append(first) -%}
    {%- for raised in var('privacy_generalisation_steps') -%}
        {%- if raised not in hierarchies -%}
            {{ exceptions.raise_compiler_error(
                "privacy_generalisation_steps names '" ~ raised ~ "', which is not in "
                ~ "privacy_quasi_identifiers") }}
        {%- endif -%}
        {%- do depth.update({raised: depth[raised] + 1}) -%}
        {%- if depth[raised] >= hierarchies[raised] | length -%}
            {{ exceptions.raise_compiler_error(
                "privacy_generalisation_steps raises '" ~ raised ~ "' past the top of its "
                ~ "hierarchy " ~ hierarchies[raised]) }}
        {%- endif -%}
        {%- set levels = {} -%}
        {%- for qi in quasi_identifiers -%}
            {%- do levels.update({qi.quasi_identifier: qi.hierarchy[depth[qi.quasi_identifier]]}) -%}
        {%- endfor -%}
        {%- do steps.append(levels) -%}
    {%- endfor -%}
    {{ return(steps) }}
{% endmacro %}
