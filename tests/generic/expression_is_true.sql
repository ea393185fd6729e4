{#
    Fails for every row where the SQL expression is not true. Used for invariants and
    cross-column rules; dbt-utils has the same test, but dbt packages cannot be installed
    offline, so the project keeps this small copy of the idea.
#}
{% test expression_is_true(model, expression, column_name=none, where_clause=none) %}
select *
from {{ model }}
where not ({{ expression }})
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}
{% endtest %}
