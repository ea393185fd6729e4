-- Trait scores: one row per profiled user per trait per scoring method (hand-set, learned).
-- raw_score is the sum of the user's contributions in fct_trait_explanations; percentile
-- ranks it among all users scored by the same method, and score and band are read off that
-- percentile (macro percentile_score_and_band), so the three always agree. A profile that
-- rests on little behaviour is flagged (is_thin_profile) rather than hidden.
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

ranked as (
    select
        *,
        round(
            percent_rank() over (partition by trait, method order by raw_score) * 100, 2
        ) as percentile
    from raw_scores
),

final as (
    select
        ranked.user_id,
        ranked.trait,
        ranked.method,
        ranked.raw_score,
        ranked.percentile,
        {{ percentile_score_and_band('ranked.percentile') }},
        ranked.top_feature,
        coalesce(events_per_user.n_events, 0) as n_events,
        user_features.active_days,
        -- Too little behaviour to rank a person on: a score from a handful of events or days
        -- is mostly noise (eval_learning_curve_by_events), however confident 100 / high looks.
        (
            coalesce(events_per_user.n_events, 0) < {{ var('thin_profile_min_events') }}
            or user_features.active_days < {{ var('thin_profile_min_active_days') }}
        ) as is_thin_profile
    from ranked
    inner join user_features
        on ranked.user_id = user_features.user_id
    left join events_per_user
        on ranked.user_id = events_per_user.user_id
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
