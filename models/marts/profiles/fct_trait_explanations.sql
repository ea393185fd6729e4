-- The "why" behind every score: each feature's contribution (weight x standardised value) to
-- each trait, for both scoring methods: `hand-set` (the trait_weights seed) and `learned` (the
-- ridge models fitted on the survey panel, without their intercept). A user's contributions to
-- a trait under one method add up exactly to raw_score in fct_user_traits, which the scoring
-- model int_trait_scores__by_window computes from the same weights and z-scores
-- (int_trait_weights__by_method; assert_contributions_sum_to_raw_score checks the two agree).
-- The sentence a reader sees (`explanation`) is put together here from two
-- signs, the z-score's (which of the feature's two phrases) and the contribution's (raises or
-- lowers), so it cannot say one thing and mean another.
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

trait_weights as (
    -- The intercept is left out: it adds the same constant to every user's score, so it moves
    -- no percentile, band or rank (dim_scoring_weights publishes it).
    select
        method,
        trait,
        feature_name,
        weight
    from {{ ref('int_trait_weights__by_method') }}
    where removed_feature_group = 'none'
),

scoring_features as (
    select
        feature_name,
        feature_group,
        plain_language,
        above_phrase,
        below_phrase
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
        scoring_features.above_phrase,
        scoring_features.below_phrase,
        feature_scores.feature_value,
        feature_scores.z_score,
        feature_scores.is_imputed,
        trait_weights.weight,
        -- A missing feature contributes exactly 0, not a negative weight's -0.0.
        case
            when feature_scores.is_imputed then 0.0
            else trait_weights.weight * feature_scores.z_score
        end as contribution
    from feature_scores
    inner join trait_weights
        on feature_scores.feature_name = trait_weights.feature_name
    inner join scoring_features
        on feature_scores.feature_name = scoring_features.feature_name
),

in_words as (
    select
        *,
        -- Which side of the population average the value is on: the z-score's sign.
        case
            when is_imputed then 'no data'
            when z_score > 0 then 'above'
            when z_score < 0 then 'below'
            else 'average'
        end as value_side,
        -- How far from the average, in words that intensify the phrase of either side
        -- ("opens notifications quickly — far more so than most"). They never compare the
        -- value itself: "seldom clicks on ads — a little more than average" read as if the
        -- person clicked more.
        case
            when is_imputed then 'no data'
            when abs(z_score) >= 1 then 'far more so than most'
            when abs(z_score) >= 0.25 then 'more so than most'
            when z_score <> 0 then 'slightly more so than average'
            else 'exactly average'
        end as compared_with_population,
        -- Which way the feature pushes the score: the contribution's sign.
        case
            when contribution > 0 then 'raises'
            when contribution < 0 then 'lowers'
            else 'no effect'
        end as effect
    from contributions
),

phrases as (
    select
        *,
        case value_side
            when 'above' then above_phrase
            when 'below' then below_phrase
        end as behaviour
    from in_words
),

final as (
    select
        *,
        -- The sentence on the profile page: the phrase for the value's side, how far from
        -- the average, and the contribution's direction. A feature that moves nothing says so.
        case
            when value_side = 'no data' then plain_language || ': no data — no effect'
            when value_side = 'average' then plain_language || ': exactly average — no effect'
            when effect = 'no effect'
                then behaviour || ' — ' || compared_with_population || ' — no effect'
            else behaviour || ' — ' || compared_with_population || ' — ' || effect || ' the score'
        end as explanation,
        -- 1 = the feature that moved this user's score the most, in either direction; a
        -- feature with no data ranks after every measured one.
        row_number() over (
            partition by user_id, trait, method
            order by
                case when is_imputed then 1 else 0 end,
                abs(contribution) desc,
                feature_name
        ) as contribution_rank
    from phrases
)

select
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(feature_group as {{ dbt.type_string() }}) as feature_group,
    cast(plain_language as {{ dbt.type_string() }}) as plain_language,
    cast(value_side as {{ dbt.type_string() }}) as value_side,
    cast(behaviour as {{ dbt.type_string() }}) as behaviour,
    cast(feature_value as double) as feature_value,
    cast(z_score as double) as z_score,
    cast(is_imputed as boolean) as is_imputed,
    cast(weight as double) as weight,
    cast(contribution as double) as contribution,
    cast(effect as {{ dbt.type_string() }}) as effect,
    cast(compared_with_population as {{ dbt.type_string() }}) as compared_with_population,
    cast(explanation as {{ dbt.type_string() }}) as explanation,
    cast(contribution_rank as integer) as contribution_rank
from final
