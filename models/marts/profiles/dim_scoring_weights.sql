-- The scoring models as published: one row per scoring method per trait per weighted feature.
-- `hand-set` rows are the trait_weights seed, with why each weight is there; `learned` rows
-- are the ridge models fitted on the survey panel (both read from int_trait_weights__by_method).
-- Either method's raw score is the sum of weight x z-score over its rows, so a join on trait and
-- feature_name applies it to any feature vector.
with

weights as (
    -- Both methods' full models (no feature group removed), from the one weights table.
    select
        method,
        trait,
        feature_name,
        weight,
        intercept,
        n_training_users,
        rationale
    from {{ ref('int_trait_weights__by_method') }}
    where removed_feature_group = 'none'
),

scoring_features as (
    select
        feature_name,
        feature_group,
        value_transform,
        unit,
        plain_language
    from {{ ref('scoring_features') }}
),

traits as (
    select
        trait,
        trait_label
    from {{ ref('traits') }}
)

select
    cast(weights.method as {{ dbt.type_string() }}) as method,
    cast(weights.trait as {{ dbt.type_string() }}) as trait,
    cast(traits.trait_label as {{ dbt.type_string() }}) as trait_label,
    cast(weights.feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(scoring_features.feature_group as {{ dbt.type_string() }}) as feature_group,
    cast(scoring_features.plain_language as {{ dbt.type_string() }}) as plain_language,
    cast(scoring_features.unit as {{ dbt.type_string() }}) as unit,
    cast(scoring_features.value_transform as {{ dbt.type_string() }}) as value_transform,
    cast(weights.weight as double) as weight,
    cast(weights.intercept as double) as intercept,
    cast(weights.n_training_users as bigint) as n_training_users,
    cast(weights.rationale as {{ dbt.type_string() }}) as rationale
from weights
inner join scoring_features
    on weights.feature_name = scoring_features.feature_name
inner join traits
    on weights.trait = traits.trait
