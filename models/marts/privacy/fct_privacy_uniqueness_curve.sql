-- How few attributes single someone out: the quasi-identifiers at full precision are added
-- one at a time, in the order of var('privacy_quasi_identifiers'), and after each the
-- profiles are grouped by the attributes so far. One row per number of attributes.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
{%- set quasi_identifiers = var('privacy_quasi_identifiers') %}
with

quasi_identifiers as (
    select
        user_id,
        {%- for qi in quasi_identifiers %}
        {{ privacy_level(qi.hierarchy[0]) }} as {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_users__quasi_identifiers') }}
),
{% for qi in quasi_identifiers %}
{%- set n_attributes = loop.index %}

classes_{{ n_attributes }} as (
    select
        {{ n_attributes }} as n_attributes,
        '{{ qi.quasi_identifier }}' as quasi_identifier_added,
        '{% for used in quasi_identifiers[:n_attributes] %}{{ used.quasi_identifier }}{{ " + " if not loop.last }}{% endfor %}'
        as attributes_used,
        count(*) as class_size
    from quasi_identifiers
    group by
        {%- for used in quasi_identifiers[:n_attributes] %}
        {{ used.quasi_identifier }}{{ ',' if not loop.last }}
        {%- endfor %}
),
{% endfor %}
classes as (
    {%- for qi in quasi_identifiers %}
    select * from classes_{{ loop.index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        n_attributes,
        quasi_identifier_added,
        attributes_used,
        sum(class_size) as n_profiles,
        count(*) as n_classes,
        min(class_size) as k_anonymity,
        sum(case when class_size = 1 then 1 else 0 end) as n_sample_uniques,
        sum(case when class_size < {{ var('privacy_k') }} then class_size else 0 end)
        as n_below_k
    from classes
    group by all
)

select
    cast(n_attributes as integer) as n_attributes,
    cast(quasi_identifier_added as {{ dbt.type_string() }}) as quasi_identifier_added,
    cast(attributes_used as {{ dbt.type_string() }}) as attributes_used,
    cast(n_profiles as bigint) as n_profiles,
    cast(n_classes as bigint) as n_classes,
    cast(k_anonymity as bigint) as k_anonymity,
    cast(n_sample_uniques as bigint) as n_sample_uniques,
    cast(n_sample_uniques * 1.0 / n_profiles as double) as share_sample_uniques,
    cast(n_below_k as bigint) as n_below_k,
    cast(n_below_k * 1.0 / n_profiles as double) as share_below_k
from final
