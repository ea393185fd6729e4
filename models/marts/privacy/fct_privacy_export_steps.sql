-- How the k-anonymised export was reached: one row per generalisation step (step 0 = the
-- quasi-identifiers at full precision), with the hierarchy level of every attribute at that
-- step, how many profiles were still unpublished, how many were published at the step and
-- how many were still in classes smaller than var('privacy_k'). The last step's
-- n_still_below_k are suppressed.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
{%- set quasi_identifiers = var('privacy_quasi_identifiers') %}
{%- set steps = privacy_generalisation_levels() %}
{%- set raised = [none] + var('privacy_generalisation_steps') %}
with

generalisation as (
    select
        user_id,
        generalisation_step,
        is_suppressed
    from {{ ref('int_users__privacy_generalisation') }}
),

steps as (
    {%- for levels in steps %}
    select
        {{ loop.index0 }} as generalisation_step,
        {{ "'" ~ raised[loop.index0] ~ "'" if raised[loop.index0] else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
        as quasi_identifier_raised,
        '{% for qi in quasi_identifiers %}{{ qi.quasi_identifier }}: {{ levels[qi.quasi_identifier] }}{{ ", " if not loop.last }}{% endfor %}'
        as hierarchy_levels
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

published_per_step as (
    select
        generalisation_step,
        count(*) as n_published
    from generalisation
    where not is_suppressed
    group by generalisation_step
),

profiles_in as (
    select count(*) as n_profiles_in
    from generalisation
),

counted as (
    select
        steps.generalisation_step,
        steps.quasi_identifier_raised,
        steps.hierarchy_levels,
        coalesce(published_per_step.n_published, 0) as n_published,
        profiles_in.n_profiles_in
        - coalesce(sum(published_per_step.n_published) over (
            order by steps.generalisation_step
            rows between unbounded preceding and 1 preceding
        ), 0) as n_considered
    from steps
    cross join profiles_in
    left join published_per_step
        on steps.generalisation_step = published_per_step.generalisation_step
),

final as (
    select
        *,
        n_considered - n_published as n_still_below_k
    from counted
)

select
    cast(generalisation_step as integer) as generalisation_step,
    cast(quasi_identifier_raised as {{ dbt.type_string() }}) as quasi_identifier_raised,
    cast(hierarchy_levels as {{ dbt.type_string() }}) as hierarchy_levels,
    cast(n_considered as bigint) as n_considered,
    cast(n_published as bigint) as n_published,
    cast(n_still_below_k as bigint) as n_still_below_k
from final
