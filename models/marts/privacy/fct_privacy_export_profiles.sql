-- The k-anonymised export of the profiles: one row per published profile, with its
-- quasi-identifiers generalised just enough that at least var('privacy_k') published profiles
-- share them, and no user id. `location` is a city only where that holds for the city,
-- else the country (or '*'). Suppressed profiles are not here; fct_privacy_export_steps and
-- fct_privacy_summary count them.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
{%- set quasi_identifiers = var('privacy_quasi_identifiers') %}
with

generalisation as (
    select
        export_row_id,
        {%- for qi in quasi_identifiers %}
        {{ qi.quasi_identifier }},
        {%- endfor %}
        generalisation_step,
        is_suppressed
    from {{ ref('int_users__privacy_generalisation') }}
),

final as (
    select
        export_row_id,
        {%- for qi in quasi_identifiers %}
        {{ qi.quasi_identifier }},
        {%- endfor %}
        generalisation_step,
        count(*) over (
            partition by
                {%- for qi in quasi_identifiers %}
                {{ qi.quasi_identifier }}{{ ',' if not loop.last }}
                {%- endfor %}
        ) as class_size
    from generalisation
    where not is_suppressed
)

select
    cast(export_row_id as bigint) as export_row_id,
    {%- for qi in quasi_identifiers %}
    cast({{ qi.quasi_identifier }} as {{ dbt.type_string() }}) as {{ qi.quasi_identifier }},
    {%- endfor %}
    cast(generalisation_step as integer) as generalisation_step,
    cast(class_size as bigint) as class_size
from final
