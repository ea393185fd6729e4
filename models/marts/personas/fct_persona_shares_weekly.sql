-- Personas over time: the persona rules (macro assign_personas) applied to each week's trait
-- bands. The bands are cut at the baseline week's cut points (baseline_band), not at each
-- week's own percentiles: with relative bands every week would hold the same shares by
-- construction, and a population that drifts would look stable.
with

-- hand-set scores: the published profile, as in fct_user_personas
weekly_bands as (
    select
        week_number,
        week_first_date,
        user_id,
        trait,
        baseline_band as band
    from {{ ref('fct_user_traits_weekly') }}
    where method = 'hand-set'
),

personas as (
    select
        persona,
        persona_label,
        priority
    from {{ ref('personas') }}
),

assigned as (
    {{ assign_personas('weekly_bands', ['week_number', 'user_id']) }}
),

weeks as (
    select distinct
        week_number,
        week_first_date
    from weekly_bands
),

users_per_week as (
    select
        week_number,
        count(*) as n_week_users
    from assigned
    group by week_number
),

users_per_persona as (
    select
        week_number,
        persona,
        count(*) as n_users
    from assigned
    group by all
),

final as (
    -- Every persona in every week, with zero where no one met its rules that week.
    select
        weeks.week_number,
        weeks.week_first_date,
        personas.persona,
        personas.persona_label,
        personas.priority as persona_priority,
        coalesce(users_per_persona.n_users, 0) as n_users,
        coalesce(users_per_persona.n_users, 0) * 1.0 / users_per_week.n_week_users as user_share
    from weeks
    cross join personas
    inner join users_per_week
        on weeks.week_number = users_per_week.week_number
    left join users_per_persona
        on
            weeks.week_number = users_per_persona.week_number
            and personas.persona = users_per_persona.persona
)

select
    cast(week_number as integer) as week_number,
    cast(week_first_date as date) as week_first_date,
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(persona_label as {{ dbt.type_string() }}) as persona_label,
    cast(persona_priority as integer) as persona_priority,
    cast(n_users as bigint) as n_users,
    cast(user_share as double) as user_share
from final
