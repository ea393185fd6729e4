-- Trait scores: one row per profiled user per trait per scoring method (hand-set, learned).
-- raw_score is the sum of the user's contributions in fct_trait_explanations; score maps it to
-- 0-100 and percentile ranks it among all users scored by the same method.
with

explanations as (
    select
        user_id,
        trait,
        method,
        feature_name,
        contribution,
        contribution_rank
    from {{ ref('fct_trait_explanations') }}
),

raw_scores as (
    select
        user_id,
        trait,
        method,
        {{ exact_sum('contribution') }} as raw_score,
        max(case when contribution_rank = 1 then feature_name end) as top_feature
    from explanations
    group by user_id, trait, method
),

scaled as (
    select
        *,
        raw_score
        / nullif(stddev_pop(raw_score) over (partition by trait, method), 0) as standardised_score,
        percent_rank() over (partition by trait, method order by raw_score) * 100 as percentile
    from raw_scores
),

final as (
    select
        user_id,
        trait,
        method,
        raw_score,
        -- 100 x the logistic approximation of the normal CDF of the standardised score:
        -- 50 = the population average, 84 = one standard deviation above it.
        100.0 / (1 + exp(-1.702 * coalesce(standardised_score, 0))) as score,
        percentile,
        case
            when percentile >= {{ var('band_high_min_percentile') }} then 'high'
            when percentile < {{ var('band_low_max_percentile') }} then 'low'
            else 'medium'
        end as band,
        top_feature
    from scaled
)

select
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(raw_score as double) as raw_score,
    cast(round(score, 2) as double) as score,
    cast(round(percentile, 2) as double) as percentile,
    cast(band as {{ dbt.type_string() }}) as band,
    cast(top_feature as {{ dbt.type_string() }}) as top_feature
from final
