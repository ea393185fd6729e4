-- The personas in words: their rule, size and the traits and behaviours that set them apart
-- (the largest standardised differences in fct_persona_profiles).
with

personas as (
    select
        persona,
        persona_label,
        priority,
        description
    from {{ ref('personas') }}
),

persona_rules as (
    select
        persona,
        trait,
        band
    from {{ ref('persona_rules') }}
),

traits as (
    select
        trait,
        trait_label
    from {{ ref('traits') }}
),

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

profiles as (
    select
        persona,
        measure_type,
        measure,
        measure_label,
        standardised_difference,
        difference_rank
    from {{ ref('fct_persona_profiles') }}
),

-- Readers see the rule, so it names traits by their label ("high compulsive use"), not by code.
rule_per_trait as (
    select
        persona_rules.persona,
        persona_rules.trait,
        {{ dbt.listagg('persona_rules.band', "' or '", 'order by persona_rules.band') }}
        || ' ' || lower(traits.trait_label) as condition_text
    from persona_rules
    inner join traits
        on persona_rules.trait = traits.trait
    group by persona_rules.persona, persona_rules.trait, traits.trait_label
),

rule_text as (
    select
        persona,
        {{ dbt.listagg('condition_text', "' and '", 'order by trait') }} as rule_text
    from rule_per_trait
    group by persona
),

sizes as (
    select
        persona,
        count(*) as n_users
    from user_personas
    group by persona
),

described_differences as (
    select
        persona,
        measure_type,
        measure,
        difference_rank,
        standardised_difference,
        measure_label || ' ('
        || case when standardised_difference >= 0 then '+' else '' end
        || cast(round(standardised_difference, 1) as {{ dbt.type_string() }}) || ' sd)'
            as difference_text
    from profiles
),

defining_traits as (
    select
        persona,
        {{ dbt.listagg('difference_text', "'; '", 'order by difference_rank') }}
            as defining_traits
    from described_differences
    where measure_type = 'trait' and difference_rank <= {{ var('persona_defining_top_n') }}
    group by persona
),

defining_behaviours as (
    select
        persona,
        {{ dbt.listagg('difference_text', "'; '", 'order by difference_rank') }}
            as defining_behaviours
    from described_differences
    where measure_type = 'feature' and difference_rank <= {{ var('persona_defining_top_n') }}
    group by persona
),

top_trait as (
    select
        persona,
        measure as top_trait,
        standardised_difference as top_trait_difference
    from described_differences
    where measure_type = 'trait' and difference_rank = 1
),

final as (
    select
        personas.persona,
        personas.persona_label,
        personas.priority,
        personas.description,
        coalesce(rule_text.rule_text, 'everyone else (catch-all)') as rule_text,
        coalesce(sizes.n_users, 0) as n_users,
        100.0 * coalesce(sizes.n_users, 0) / nullif(sum(coalesce(sizes.n_users, 0)) over (), 0)
            as user_share_pct,
        top_trait.top_trait,
        top_trait.top_trait_difference,
        defining_traits.defining_traits,
        defining_behaviours.defining_behaviours
    from personas
    left join rule_text
        on personas.persona = rule_text.persona
    left join sizes
        on personas.persona = sizes.persona
    left join top_trait
        on personas.persona = top_trait.persona
    left join defining_traits
        on personas.persona = defining_traits.persona
    left join defining_behaviours
        on personas.persona = defining_behaviours.persona
)

select
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(persona_label as {{ dbt.type_string() }}) as persona_label,
    cast(priority as integer) as priority,
    cast(description as {{ dbt.type_string() }}) as description,
    cast(rule_text as {{ dbt.type_string() }}) as rule_text,
    cast(n_users as bigint) as n_users,
    cast(coalesce(user_share_pct, 0) as double) as user_share_pct,
    cast(top_trait as {{ dbt.type_string() }}) as top_trait,
    cast(top_trait_difference as double) as top_trait_difference,
    cast(defining_traits as {{ dbt.type_string() }}) as defining_traits,
    cast(defining_behaviours as {{ dbt.type_string() }}) as defining_behaviours
from final
