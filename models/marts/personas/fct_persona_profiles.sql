-- What sets each persona apart: for every trait score and every standardised scoring feature,
-- the persona's mean against the population's, in population standard deviations.
with

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

-- hand-set scores: the published profile (the learned scores are compared in the eval_ marts)
user_traits as (
    select
        user_id,
        trait,
        score
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

feature_scores as (
    select
        user_id,
        feature_name,
        z_score
    from {{ ref('int_feature_scores__standardised') }}
),

traits as (
    select
        trait,
        trait_label
    from {{ ref('traits') }}
),

scoring_features as (
    select
        feature_name,
        plain_language
    from {{ ref('scoring_features') }}
),

measures as (
    select
        user_traits.user_id,
        'trait' as measure_type,
        user_traits.trait as measure,
        traits.trait_label as measure_label,
        user_traits.score as measure_value
    from user_traits
    inner join traits
        on user_traits.trait = traits.trait
    union all
    select
        feature_scores.user_id,
        'feature' as measure_type,
        feature_scores.feature_name as measure,
        scoring_features.plain_language as measure_label,
        feature_scores.z_score as measure_value
    from feature_scores
    inner join scoring_features
        on feature_scores.feature_name = scoring_features.feature_name
),

measures_with_persona as (
    select
        measures.*,
        user_personas.persona
    from measures
    inner join user_personas
        on measures.user_id = user_personas.user_id
),

population as (
    select
        measure_type,
        measure,
        {{ exact_avg('measure_value') }} as population_mean,
        {{ exact_stddev_pop('measure_value') }} as population_sd
    from measures_with_persona
    group by measure_type, measure
),

per_persona as (
    select
        persona,
        measure_type,
        measure,
        measure_label,
        count(*) as n_users,
        {{ exact_avg('measure_value') }} as persona_mean
    from measures_with_persona
    group by all
),

compared as (
    select
        per_persona.*,
        population.population_mean,
        population.population_sd,
        coalesce(
            (per_persona.persona_mean - population.population_mean)
            / nullif(population.population_sd, 0),
            0
        ) as standardised_difference
    from per_persona
    inner join population
        on
            per_persona.measure_type = population.measure_type
            and per_persona.measure = population.measure
),

ranked as (
    select
        *,
        row_number() over (
            partition by persona, measure_type
            order by abs(standardised_difference) desc, measure
        ) as difference_rank
    from compared
)

select
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(measure_type as {{ dbt.type_string() }}) as measure_type,
    cast(measure as {{ dbt.type_string() }}) as measure,
    cast(measure_label as {{ dbt.type_string() }}) as measure_label,
    cast(n_users as bigint) as n_users,
    cast(persona_mean as double) as persona_mean,
    cast(population_mean as double) as population_mean,
    cast(population_sd as double) as population_sd,
    cast(standardised_difference as double) as standardised_difference,
    cast(difference_rank as integer) as difference_rank
from ranked
