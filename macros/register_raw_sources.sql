{#
    Makes the raw Parquet files readable as sources. DuckDB needs nothing: dbt-duckdb reads
    each source's meta.external_location (a read_parquet call) in place. Spark has no such
    source option, so on Spark this creates, at the start of every run, one view per source
    table, <source>.<table>, over the same files: the path inside read_parquet('...'), cut
    before /load_date= for the daily loads so that Spark discovers load_date as a partition
    column, as DuckDB's hive_partitioning does; a read_json source (the world's _world.json)
    becomes a table over the file. Called from on-run-start in dbt_project.yml.
#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'shadowpersona')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values()
            if source.package_name == project_name and source.meta.get('external_location') -%}
            {%- set path = source.meta['external_location'].split("'")[1].split('/load_date=')[0] -%}
            {%- if source.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ source.schema) -%}
                {%- do schemas.append(source.schema) -%}
            {%- endif -%}
            {%- if source.meta['external_location'].startswith('read_json') -%}
                {#- _world.json is one pretty-printed object: Spark's json reader needs
                    multiLine, which only a table over the file can set. Spark skips files
                    whose names start with '_' (as hidden), so it reads the copy without the
                    underscore that make build-spark (and tests/pytest/test_spark.py) writes
                    beside it. -#}
                {%- set path = path.replace('/_world.json', '/world.json') -%}
                {%- do run_query('drop table if exists ' ~ source.schema ~ '.' ~ source.identifier) -%}
                {%- do run_query(
                    'create table ' ~ source.schema ~ '.' ~ source.identifier
                    ~ " using json options (path '" ~ path ~ "', multiLine 'true')"
                ) -%}
            {%- else -%}
                {%- do run_query(
                    'create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                    ~ ' as select * from parquet.`' ~ path ~ '`'
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
