{#
    dbt.dateadd on Spark: timestampadd, exact to the microsecond. dbt-spark's own version adds
    whole seconds (a millisecond interval is truncated away) and returns a time-zoned
    timestamp; this one keeps the input's timestamp type.
#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart | upper }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}
