{#
    A number in [0, 1) drawn from the MD5 hash of an expression: the first 8 hex digits of the
    hash read as an integer, divided by 16^8. Deterministic and independent of row order, so a
    split by `hash_fraction(user_id) < share` puts each user on the same side in every build
    (and, being MD5, can be recomputed outside SQL: tests/pytest/test_learned.py does). Reading
    hex digits as a number differs by engine, so it is dispatched per adapter.
#}
{% macro hash_fraction(expression) -%}
    {{ return(adapter.dispatch('hash_fraction', 'shadowpersona')(expression)) }}
{%- endmacro %}

{% macro default__hash_fraction(expression) -%}
    cast(('0x' || substr({{ dbt.hash(expression) }}, 1, 8)) as bigint) / 4294967296.0
{%- endmacro %}

{% macro spark__hash_fraction(expression) -%}
    cast(conv(substr({{ dbt.hash(expression) }}, 1, 8), 16, 10) as bigint) / 4294967296.0
{%- endmacro %}
