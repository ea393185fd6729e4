{#
    The learned trait models (the Python model int_trait_models__coefficients), to select
    from in place of its ref. dbt-spark runs Python models only on a Databricks cluster, not
    in local session mode, so on Spark the model is disabled (dbt_project.yml) and this is an
    empty relation of the same columns: the `learned` scoring method then has no rows, and
    everything else is built as on DuckDB (docs/operations.md#running-on-spark).
#}
{% macro learned_trait_models() -%}
    {%- if target.type != 'spark' -%}
        {{ ref('int_trait_models__coefficients') }}
    {%- else -%}
        (
            select
                cast(null as {{ dbt.type_string() }}) as trait,
                cast(null as {{ dbt.type_string() }}) as removed_feature_group,
                cast(null as {{ dbt.type_string() }}) as feature_name,
                cast(null as {{ dbt.type_string() }}) as feature_group,
                cast(null as double) as coefficient,
                cast(null as double) as intercept,
                cast(null as double) as alpha,
                cast(null as bigint) as n_training_users
            where false
        ) as int_trait_models__coefficients
    {%- endif -%}
{%- endmacro %}
