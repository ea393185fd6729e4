-- Each profiled user's persona: the first rule in the personas seed (by priority) that their
-- trait bands meet (macro assign_personas; the rules are in seeds/persona_rules.csv).
with

-- hand-set scores: the published profile (the learned scores are compared in the eval_ marts)
user_traits as (
    select
        user_id,
        trait,
        band,
        score
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

personas as (
    select
        persona,
        persona_label
    from {{ ref('personas') }}
),

assigned as (
    {{ assign_personas('user_traits', ['user_id']) }}
),

high_bands as (
    select
        user_id,
        sum(case when band = 'high' then 1 else 0 end) as n_high_bands
    from user_traits
    group by user_id
)

select
    cast(assigned.user_id as bigint) as user_id,
    cast(assigned.persona as {{ dbt.type_string() }}) as persona,
    cast(personas.persona_label as {{ dbt.type_string() }}) as persona_label,
    cast(assigned.persona_priority as integer) as persona_priority,
    cast(high_bands.n_high_bands as integer) as n_high_bands
from assigned
inner join personas
    on assigned.persona = personas.persona
inner join high_bands
    on assigned.user_id = high_bands.user_id
