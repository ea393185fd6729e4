-- The "why" behind every score: each feature's contribution (weight x standardised value) to
-- each trait, for both scoring methods: `hand-set` (the trait_weights seed) and `learned` (the
-- ridge models fitted on the survey panel, without their intercept). A user's contributions to
-- a trait under one method add up exactly to raw_score in fct_user_traits, which is computed
-- from this model.
with

feature_scores as (
    select
        user_id,
        feature_name,
        feature_value,
        z_score,
        is_imputed
    from {{ ref('int_feature_scores__standardised') }}
),

hand_set_weights as (
    select
        trait,
        feature_name,
        weight
    from {{ ref('trait_weights') }}
),

learned_models as (
    select
        trait,
        feature_name,
        coefficient
    from {{ learned_trait_models() }}
    where removed_feature_group = 'none'
),

trait_weights as (
    select
        'hand-set' as method,
        trait,
        feature_name,
        weight
    from hand_set_weights
    union all
    -- The intercept is left out: it adds the same constant to every user's score, so it moves
    -- no percentile, band or rank (dim_scoring_weights publishes it).
    select
        'learned' as method,
        trait,
        feature_name,
        coefficient as weight
    from learned_models
),

scoring_features as (
    select
        feature_name,
        feature_group,
        plain_language
    from {{ ref('scoring_features') }}
),

contributions as (
    select
        feature_scores.user_id,
        trait_weights.trait,
        trait_weights.method,
        feature_scores.feature_name,
        scoring_features.feature_group,
        scoring_features.plain_language,
        feature_scores.feature_value,
        feature_scores.z_score,
        feature_scores.is_imputed,
        trait_weights.weight,
        trait_weights.weight * feature_scores.z_score as contribution
    from feature_scores
    inner join trait_weights
        on feature_scores.feature_name = trait_weights.feature_name
    inner join scoring_features
        on feature_scores.feature_name = scoring_features.feature_name
),

final as (
    select
        *,
        -- Words for the reports: which way the feature pushes the score, and how the user
        -- compares with the population on it.
        case when contribution >= 0 then 'raises' else 'lowers' end as effect,
        case
            when is_imputed then 'no data'
            when z_score >= 1 then 'far more than most'
            when z_score >= 0.25 then 'more than most'
            when z_score > -0.25 then 'about average'
            when z_score > -1 then 'less than most'
            else 'far less than most'
        end as compared_with_population,
        -- 1 = the feature that moved this user's score the most, in either direction.
        row_number() over (
            partition by user_id, trait, method
            order by abs(contribution) desc, feature_name
        ) as contribution_rank
    from contributions
)

select
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(feature_group as {{ dbt.type_string() }}) as feature_group,
    cast(plain_language as {{ dbt.type_string() }}) as plain_language,
    cast(feature_value as double) as feature_value,
    cast(z_score as double) as z_score,
    cast(is_imputed as boolean) as is_imputed,
    cast(weight as double) as weight,
    cast(contribution as double) as contribution,
    cast(effect as {{ dbt.type_string() }}) as effect,
    cast(compared_with_population as {{ dbt.type_string() }}) as compared_with_population,
    cast(contribution_rank as integer) as contribution_rank
from final
