-- The scoring model as published: one row per trait per weighted feature, with the weight,
-- why it is there, and what the feature means. Read from the seeds, so that reports and SQL
-- users see exactly the weights the scores were built with.
with

trait_weights as (
    select
        trait,
        feature_name,
        weight,
        rationale
    from {{ ref('trait_weights') }}
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
    cast(trait_weights.trait as varchar) as trait,
    cast(traits.trait_label as varchar) as trait_label,
    cast(trait_weights.feature_name as varchar) as feature_name,
    cast(scoring_features.feature_group as varchar) as feature_group,
    cast(scoring_features.plain_language as varchar) as plain_language,
    cast(scoring_features.unit as varchar) as unit,
    cast(scoring_features.value_transform as varchar) as value_transform,
    cast(trait_weights.weight as double) as weight,
    cast(trait_weights.rationale as varchar) as rationale
from trait_weights
inner join scoring_features
    on trait_weights.feature_name = scoring_features.feature_name
inner join traits
    on trait_weights.trait = traits.trait
