-- Re-identification risk per profile, in two datasets: the profiles with their
-- quasi-identifiers at full precision (the worst case: an attacker who knows a target's age,
-- gender, city, device and signup date), and the k-anonymised export. A record's equivalence
-- class is the set of records of its dataset with the same quasi-identifiers; its prosecutor
-- risk is 1 / class size (the chance that an attacker who knows the target is in the data
-- picks the right record).
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

export as (
    select
        user_id,
        {%- for qi in quasi_identifiers %}
        {{ qi.quasi_identifier }},
        {%- endfor %}
        is_suppressed
    from {{ ref('int_users__privacy_generalisation') }}
),

records as (
    select
        'full_precision' as dataset,
        user_id,
        {%- for qi in quasi_identifiers %}
        {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
        {%- endfor %}
    from quasi_identifiers
    union all
    select
        'k_anonymised_export' as dataset,
        user_id,
        {%- for qi in quasi_identifiers %}
        {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
        {%- endfor %}
    from export
    where not is_suppressed
),

classes as (
    select
        dataset,
        user_id,
        count(*) over (
            partition by
                dataset,
                {%- for qi in quasi_identifiers %}
                {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
                {%- endfor %}
        ) as class_size,
        -- Numbered in the order of a hash of the combination, so that the number says
        -- nothing about the values.
        dense_rank() over (
            partition by dataset
            order by md5(concat_ws(
                '|',
                {%- for qi in quasi_identifiers %}
                {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
                {%- endfor %}
            ))
        ) as class_id
    from records
),

final as (
    select
        dataset,
        user_id,
        class_id,
        class_size,
        1.0 / class_size as prosecutor_risk,
        class_size = 1 as is_sample_unique,
        class_size < {{ var('privacy_k') }} as is_below_k
    from classes
)

select
    cast(dataset as {{ dbt.type_string() }}) as dataset,
    cast(user_id as bigint) as user_id,
    cast(class_id as bigint) as class_id,
    cast(class_size as bigint) as class_size,
    cast(prosecutor_risk as double) as prosecutor_risk,
    cast(is_sample_unique as boolean) as is_sample_unique,
    cast(is_below_k as boolean) as is_below_k
from final
