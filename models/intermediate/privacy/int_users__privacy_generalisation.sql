-- The k-anonymised export, decided per profiled user: at which step of the generalisation
-- (var('privacy_generalisation_steps')) the user's profile is published, with which
-- generalised quasi-identifiers, or whether it is suppressed. At each step only the profiles
-- not yet published are grouped, so every published combination is shared by at least
-- var('privacy_k') published profiles. Nothing is dropped: every profiled user has a row.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
{%- set quasi_identifiers = var('privacy_quasi_identifiers') %}
{%- set steps = privacy_generalisation_levels() %}
{%- set k = var('privacy_k') %}
with

quasi_identifiers as (
    select * from {{ ref('int_users__quasi_identifiers') }}
),
{% for levels in steps %}
{%- set step = loop.index0 %}

-- step {{ step }}: {% for qi in quasi_identifiers %}{{ qi.quasi_identifier }} = {{ levels[qi.quasi_identifier] }}{{ ', ' if not loop.last }}{% endfor %}
step_{{ step }} as (
    select
        quasi_identifiers.user_id,
        {%- for qi in quasi_identifiers %}
        {{ privacy_level(levels[qi.quasi_identifier]) }} as {{ qi.quasi_identifier }},
        {%- endfor %}
        count(*) over (
            partition by
            {%- for qi in quasi_identifiers %}
                {{ privacy_level(levels[qi.quasi_identifier]) }}{{ ',' if not loop.last }}
            {%- endfor %}
        ) as class_size
    from quasi_identifiers
    {%- if step > 0 %}
    where quasi_identifiers.user_id in (
        select still_below_k.user_id
        from step_{{ step - 1 }} as still_below_k
        where still_below_k.class_size < {{ k }}
    )
    {%- endif %}
),
{% endfor %}
published as (
    {%- for levels in steps %}
    select
        *,
        {{ loop.index0 }} as generalisation_step,
        false as is_suppressed
    from step_{{ loop.index0 }}
    where class_size >= {{ k }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

suppressed as (
    select
        user_id,
        {%- for qi in quasi_identifiers %}
        cast(null as {{ dbt.type_string() }}) as {{ qi.quasi_identifier }},
        {%- endfor %}
        class_size,
        cast(null as integer) as generalisation_step,
        true as is_suppressed
    from step_{{ steps | length - 1 }}
    where class_size < {{ k }}
),

final as (
    select * from published
    union all
    select * from suppressed
)

select
    user_id,
    {%- for qi in quasi_identifiers %}
    {{ qi.quasi_identifier }},
    {%- endfor %}
    class_size,
    generalisation_step,
    is_suppressed,
    -- The export's row number: in the order of a hash of the user id, so that it says
    -- nothing about the user (not the id, not the signup order).
    case
        when not is_suppressed
            then row_number() over (
                partition by is_suppressed order by md5(cast(user_id as {{ dbt.type_string() }}))
            )
    end as export_row_id
from final
