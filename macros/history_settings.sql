{#
    An incremental table keeps the rows earlier runs wrote: they were cut under the settings of
    those runs. A plain run after one of var('history_vars') changed, or on raw data of another
    world, would append new rows cut one way to old rows cut another, and every test would still
    pass (a gap of 20 minutes instead of 30 gave 6,976 sessions instead of 7,211). So every
    incremental model records the settings it was built under (record_history_settings, a
    post-hook) and an incremental run first compares them with its own
    (refuse_history_rewrite, a pre-hook), stopping with "run `dbt build --full-refresh`".
    Both hooks are set for the intermediate layer in dbt_project.yml and render nothing for a
    model that is not incremental (or on Spark, where these models are plain tables).
#}

{% macro history_settings_table() -%}
    build_info.incremental_settings
{%- endmacro %}

{% macro history_settings_vars_json() -%}
    {#- The vars that decide what an incremental table holds, as one minified JSON object. -#}
    {%- set settings = {} -%}
    {%- for name in var('history_vars') -%}
        {%- do settings.update({name: var(name)}) -%}
    {%- endfor -%}
    json('{{ tojson(settings) }}')
{%- endmacro %}

{% macro history_settings_world_json() -%}
    {#- The world the raw data comes from. Not its number of days: an append adds days. -#}
    (
        select cast(to_json(struct_pack(
            start_date := start_date,
            users := users,
            seed := seed,
            realism := realism,
            panel_share := panel_share
        )) as varchar)
        from {{ source('platform', 'world') }}
    )
{%- endmacro %}

{% macro history_settings_ddl() -%}
    create schema if not exists build_info;
    create table if not exists {{ history_settings_table() }} (
        model_name varchar primary key,
        vars_json varchar not null,
        world_json varchar not null
    )
{%- endmacro %}

{% macro refuse_history_rewrite() -%}
    {%- if config.get('materialized') == 'incremental' and is_incremental() -%}
        {%- set changes -%}
            concat_ws(
                ', ',
                {%- for name in var('history_vars') %}
                    case
                        when
                            json_extract(recorded.vars_json, '$.{{ name }}')::varchar
                            is distinct from
                            json_extract({{ history_settings_vars_json() }}, '$.{{ name }}')::varchar
                            then '{{ name }} '
                            || coalesce(json_extract(recorded.vars_json, '$.{{ name }}')::varchar, 'unset')
                            || ' -> '
                            || json_extract({{ history_settings_vars_json() }}, '$.{{ name }}')::varchar
                    end,
                {%- endfor %}
                case
                    when recorded.world_json is distinct from {{ history_settings_world_json() }}
                        then 'raw data of another world (' || recorded.world_json || ' -> '
                        || {{ history_settings_world_json() }} || ')'
                end
            )
        {%- endset -%}
        {{ history_settings_ddl() }};
        select error(
            '{{ this.schema }}.{{ this.identifier }} holds rows built under other settings ('
            || changes
            || '): run `dbt build --full-refresh` (a plain build would mix the two)'
        )
        from (
            select
                {{ changes }} as changes
            from {{ history_settings_table() }} as recorded
            where recorded.model_name = '{{ this.identifier }}'
        )
        where changes <> ''
    {%- endif -%}
{%- endmacro %}

{% macro record_history_settings() -%}
    {%- if config.get('materialized') == 'incremental' -%}
        {{ history_settings_ddl() }};
        insert or replace into {{ history_settings_table() }}
        select
            '{{ this.identifier }}',
            cast({{ history_settings_vars_json() }} as varchar),
            {{ history_settings_world_json() }}
    {%- endif -%}
{%- endmacro %}
