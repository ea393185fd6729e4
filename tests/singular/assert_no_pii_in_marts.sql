-- No mart may publish a direct identifier: no column whose name says name, handle, email,
-- city or phone. (The value-level check, that no raw name, handle, email or city appears in
-- any mart value, is assert_no_personal_data_in_mart_values.) The columns are the marts'
-- contracts, read from dbt's graph, not from the database's catalogue: this test refers to
-- no model, so dbt may run it before the marts are built, and on a fresh database the
-- catalogue held no marts yet and the test passed whatever they published (an incremental
-- run found `segment_name`). Enforced contracts make the two lists the same.
-- A column name is not the whole story: the k-anonymised export (fct_privacy_export_profiles)
-- publishes a generalised `location`, which is a city where at least var('privacy_k')
-- published profiles share the row's quasi-identifiers, else the country. That one column is
-- allowed city values by the value-level check, and
-- assert_city_published_only_in_k_anonymous_classes checks k.
{%- set mart_columns = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.schema == 'marts' -%}
        {%- for column in node.columns.values() -%}
            {%- do mart_columns.append((node.name, column.name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}
with

mart_columns as (
    -- sqlfluff renders the loop once per column and misreads its indentation:
    -- noqa: disable=LT02
    {%- for mart, column in mart_columns | sort %}
    select
        '{{ mart }}' as table_name,
        '{{ column }}' as column_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if not mart_columns %}
    select
        cast(null as {{ dbt.type_string() }}) as table_name,
        cast(null as {{ dbt.type_string() }}) as column_name
    {%- endif %}
    -- noqa: enable=LT02
)

select
    table_name,
    column_name
from mart_columns
where
    (
        lower(column_name) like '%name%'
        -- names of things, not of people
        and lower(column_name) not in ('feature_name', 'day_name', 'segment_name')
    )
    or lower(column_name) like '%handle%'
    or lower(column_name) like '%email%'
    or lower(column_name) like '%city%'
    or lower(column_name) like '%phone%'
