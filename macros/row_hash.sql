{#
    A 64-bit hash of a list of columns, the cheap key of a row: DuckDB's hash() is about
    seven times cheaper than md5 over the columns cast to text and joined (measured on the
    default world's clickstream), and a number is cheaper to group and join by than a
    32-character string. Positional: (null, 1) and (1, null) hash apart. Spark's hash() is
    32-bit murmur3, so Spark gets xxhash64, which skips null arguments: each column is
    followed by its null flag there, to keep the hash positional.
#}
{% macro row_hash(columns) -%}
    {{ return(adapter.dispatch('row_hash', 'shadowpersona')(columns)) }}
{%- endmacro %}

{% macro default__row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__row_hash(columns) -%}
    xxhash64(
        {%- for column in columns %}
        {{ column }}, {{ column }} is null{{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
