-- Every feature in the scoring_features seed is scored. A name missing from the list in the
-- macro scoring_feature_columns would otherwise drop out of every trait that weights it, and
-- the trait would be scored from its other features without a warning.
with

scoring_features as (
    select feature_name
    from {{ ref('scoring_features') }}
),

scored_features as (
    select distinct feature_name
    from {{ ref('int_feature_scores__standardised') }}
)

select scoring_features.feature_name
from scoring_features
left join scored_features
    on scoring_features.feature_name = scored_features.feature_name
where scored_features.feature_name is null
