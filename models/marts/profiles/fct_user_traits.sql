-- Trait scores: one row per profiled user per trait per scoring method (hand-set, learned).
-- raw_score, percentile, score and band are the whole-period window (`all`) of the one
-- scoring model, int_trait_scores__by_window; raw_score equals the sum of the user's
-- contributions in fct_trait_explanations (a singular test checks it), whose largest gives
-- top_feature. A profile that rests on little behaviour is flagged (is_thin_profile) rather
-- than hidden.
with

trait_scores as (
    select
        user_id,
        trait,
        method,
        raw_score,
        percentile,
        score,
        band
    from {{ ref('int_trait_scores__by_window') }}
    where window_id = 'all'
),

top_features as (
    select
        user_id,
        trait,
        method,
        feature_name as top_feature
    from {{ ref('fct_trait_explanations') }}
    where contribution_rank = 1
),

user_features as (
    select
        user_id,
        active_days
    from {{ ref('int_user_features__combined') }}
),

sessions as (
    select
        user_id,
        n_events
    from {{ ref('int_sessions__aggregated') }}
),

events_per_user as (
    select
        user_id,
        sum(n_events) as n_events
    from sessions
    group by user_id
),

final as (
    select
        trait_scores.user_id,
        trait_scores.trait,
        trait_scores.method,
        trait_scores.raw_score,
        trait_scores.percentile,
        trait_scores.score,
        trait_scores.band,
        top_features.top_feature,
        coalesce(events_per_user.n_events, 0) as n_events,
        user_features.active_days,
        -- Too little behaviour to rank a person on: a score from a handful of events or days
        -- is mostly noise (eval_learning_curve_by_events), however confident 100 / high looks.
        (
            coalesce(events_per_user.n_events, 0) < {{ var('thin_profile_min_events') }}
            or user_features.active_days < {{ var('thin_profile_min_active_days') }}
        ) as is_thin_profile
    from trait_scores
    inner join user_features
        on trait_scores.user_id = user_features.user_id
    left join top_features
        on trait_scores.user_id = top_features.user_id
            and trait_scores.trait = top_features.trait
            and trait_scores.method = top_features.method
    left join events_per_user
        on trait_scores.user_id = events_per_user.user_id
)

select
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(raw_score as double) as raw_score,
    cast(score as double) as score,
    cast(percentile as double) as percentile,
    cast(band as {{ dbt.type_string() }}) as band,
    cast(top_feature as {{ dbt.type_string() }}) as top_feature,
    cast(n_events as bigint) as n_events,
    cast(active_days as bigint) as active_days,
    cast(is_thin_profile as boolean) as is_thin_profile
from final
