{#
    The scoring features: the feature_name of every row of the scoring_features seed, read from
    the built seed when a model runs, so that the seed is the one list of them (adding a
    feature: docs/adding_a_trait.md). The models that call this ref the seed, so dbt builds it
    first. While dbt parses, or compiles without a database that holds the seed (the lint
    target), there is nothing to read and the list is empty; standardise_scoring_features then
    compiles to a query that selects no feature.
#}
{% macro scoring_feature_columns() -%}
    {%- set seed = load_relation(ref('scoring_features')) if execute else none -%}
    {%- if seed is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set names = run_query(
        'select feature_name from ' ~ seed ~ ' order by feature_name'
    ).columns[0].values() | list -%}
    {%- if names | length == 0 -%}
        {{ exceptions.raise_compiler_error(seed ~ ' lists no scoring feature') }}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}
