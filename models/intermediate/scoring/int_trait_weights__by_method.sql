-- Both scoring methods' weights in one shape: one row per method per trait per feature set
-- (all features, `none` removed, or all but one feature group) per weighted feature. The
-- `hand-set` rows are the trait_weights seed; for a removed group they keep their row with
-- weight 0, so that every user keeps a score. The `learned` rows are the ridge models fitted
-- on the survey panel (int_trait_models__coefficients), refitted without each group. Every
-- scoring and evaluation model reads its weights here, the rows with
-- removed_feature_group = 'none' being the published models (dim_scoring_weights).
with

hand_set_weights as (
    select
        trait,
        feature_name,
        weight,
        rationale
    from {{ ref('trait_weights') }}
),

learned_models as (
    select
        trait,
        removed_feature_group,
        feature_name,
        coefficient,
        intercept,
        alpha,
        n_training_users
    from {{ learned_trait_models() }}
),

scoring_features as (
    select
        feature_name,
        feature_group
    from {{ ref('scoring_features') }}
),

removals as (
    select 'none' as removed_feature_group
    union all
    select distinct feature_group as removed_feature_group
    from scoring_features
),

hand_set as (
    select
        'hand-set' as method,
        hand_set_weights.trait,
        removals.removed_feature_group,
        hand_set_weights.feature_name,
        case
            when scoring_features.feature_group = removals.removed_feature_group then 0.0
            else hand_set_weights.weight
        end as weight,
        scoring_features.feature_group <> removals.removed_feature_group as is_kept,
        -- The seed's scores have no intercept: raw_score is the weighted sum alone.
        0.0 as intercept,
        cast(null as double) as alpha,
        cast(null as bigint) as n_training_users,
        hand_set_weights.rationale
    from hand_set_weights
    inner join scoring_features
        on hand_set_weights.feature_name = scoring_features.feature_name
    cross join removals
),

learned as (
    select
        'learned' as method,
        trait,
        removed_feature_group,
        feature_name,
        coefficient as weight,
        true as is_kept,
        intercept,
        alpha,
        n_training_users,
        'Learned by ridge regression (alpha ' || cast(alpha as {{ dbt.type_string() }})
        || ') on the self-reports of ' || cast(n_training_users as {{ dbt.type_string() }})
        || ' survey-panel users' as rationale
    from learned_models
),

unioned as (
    select * from hand_set
    union all
    select * from learned
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(removed_feature_group as {{ dbt.type_string() }}) as removed_feature_group,
    cast(feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(weight as double) as weight,
    cast(is_kept as boolean) as is_kept,
    cast(intercept as double) as intercept,
    cast(alpha as double) as alpha,
    cast(n_training_users as bigint) as n_training_users,
    cast(rationale as {{ dbt.type_string() }}) as rationale
from unioned
