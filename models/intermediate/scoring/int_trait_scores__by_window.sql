-- Trait scores: one row per window per user per trait per scoring method, with the one
-- definition of raw_score, percentile, score and band, for every window of
-- int_feature_scores__by_window: the whole period (`all`), the horizons and the weeks.
-- raw_score is the sum of weight x z-score over the method's features (a missing feature
-- adds exactly 0), without the learned models' intercept: a constant per trait, it moves
-- no rank, percentile or band. percentile ranks it among the users scored in the same
-- window by the same method; score and band are read off that percentile, so the three
-- always agree.
with

feature_scores as (
    select
        window_id,
        user_id,
        feature_name,
        z_score,
        is_imputed
    from {{ ref('int_feature_scores__by_window') }}
),

trait_weights as (
    select
        method,
        trait,
        feature_name,
        weight
    from {{ ref('int_trait_weights__by_method') }}
    where removed_feature_group = 'none'
),

contributions as (
    select
        feature_scores.window_id,
        feature_scores.user_id,
        trait_weights.trait,
        trait_weights.method,
        -- A missing feature contributes exactly 0, not a negative weight's -0.0.
        case
            when feature_scores.is_imputed then 0.0
            else trait_weights.weight * feature_scores.z_score
        end as contribution
    from feature_scores
    inner join trait_weights
        on feature_scores.feature_name = trait_weights.feature_name
),

raw_scores as (
    select
        window_id,
        user_id,
        trait,
        method,
        {{ exact_sum('contribution') }} as raw_score
    from contributions
    group by window_id, user_id, trait, method
),

ranked as (
    select
        *,
        round(
            percent_rank() over (partition by window_id, trait, method order by raw_score) * 100,
            2
        ) as percentile
    from raw_scores
),

final as (
    select
        *,
        -- score is the whole percentile (84 = more of the trait than 84 of 100 people); band
        -- cuts the same percentile at the band vars.
        floor(percentile) as score,
        case
            when percentile >= {{ var('band_high_min_percentile') }} then 'high'
            when percentile < {{ var('band_low_max_percentile') }} then 'low'
            else 'medium'
        end as band
    from ranked
)

select
    cast(window_id as {{ dbt.type_string() }}) as window_id,
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(raw_score as double) as raw_score,
    cast(percentile as double) as percentile,
    cast(score as double) as score,
    cast(band as {{ dbt.type_string() }}) as band
from final
