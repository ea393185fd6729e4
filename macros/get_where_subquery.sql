{#
    Overrides dbt's get_where_subquery, the macro through which every generic data test reads
    the model it tests, so that an incremental build tests the rows it wrote, not the whole
    clickstream again (docs/operations.md#data-tests-in-an-incremental-build).

    When the database holds build_info.data_tests_scope (build_database.py --incremental
    writes it, with the first daily load the incremental models read again, and drops it when
    the build is done), a test of a model whose config names a `meta.load_column` sees only:
    - for `unique` and `unique_combination_of_columns`: the rows that share their key with a
      row from those loads, old rows included, so that a new row repeating an old key still
      fails the test;
    - for every other test: the rows from those loads.
    Rows from older loads were tested by the build that wrote them and an incremental run
    leaves them as they were, apart from session numbers that a late event shifts (their
    correctness rests on the incremental strategy; tests/pytest/test_incremental.py compares
    every table with a full rebuild). A test's own `where` config still applies. Without the
    table, as in a full build or a plain `dbt build`, every test reads its whole model. A
    table, not a var: a var that changes every day would make dbt parse the whole project
    again on every daily build.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set load_column = model_load_column(relation) -%}
    {%- set scope = adapter.get_relation(
        database=relation.database, schema='build_info', identifier='data_tests_scope'
    ) if load_column else none -%}
    {%- if scope is none -%}
        {{ return(dbt.default__get_where_subquery(relation)) }}
    {%- endif -%}
    {%- set first_load = run_query('select first_load_date from ' ~ scope).columns[0][0] -%}
    {%- set new_rows = "new_rows." ~ load_column ~ " >= cast('" ~ first_load ~ "' as date)" -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set kwargs = test.get('kwargs', {}) -%}
    {%- if test.get('name') == 'unique' -%}
        {%- set key_columns = [kwargs['column_name']] -%}
    {%- elif test.get('name') == 'unique_combination_of_columns' -%}
        {%- set key_columns = kwargs['combination_of_columns'] -%}
    {%- else -%}
        {%- set key_columns = [] -%}
    {%- endif -%}
    {%- set filtered -%}
        (
            select tested_rows.*
            from {{ relation }} as tested_rows
            where
            {%- if key_columns %}
                -- IN, not a correlated EXISTS: DuckDB runs it as a semi join on the few
                -- new keys (0.3 s against 2.4 s for the sessionised events' ids at 10M).
                ({{ key_columns | join(', ') }}) in (
                    select {{ key_columns | join(', ') }}
                    from {{ relation }} as new_rows
                    where {{ new_rows }}
                )
            {%- else %}
                {{ new_rows | replace('new_rows.', 'tested_rows.') }}
            {%- endif %}
            {%- if where %}
                and ({{ where }})
            {%- endif %}
        ) as dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}

{#
    The `meta.load_column` of the model built as `relation`: the column holding the daily
    load each row came from, declared by the incremental tables whose tests an incremental
    build restricts (get_where_subquery). None for other relations, and while dbt parses.
#}
{% macro model_load_column(relation) -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model'
                and node.alias == relation.identifier
                and node.schema == relation.schema -%}
                {{ return(node.config.meta.get('load_column')) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
