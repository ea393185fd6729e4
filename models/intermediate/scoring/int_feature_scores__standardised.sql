-- Scoring features over the whole period in long form: one row per user per feature listed
-- in the scoring_features seed, standardised across the population. It is the window `all`
-- of int_feature_scores__by_window, where the standardisation is defined once for every
-- window (the whole period is standardised within its own population).
with

window_feature_scores as (
    select * from {{ ref('int_feature_scores__by_window') }}
),

final as (
    select
        user_id,
        feature_name,
        feature_value,
        transformed_value,
        is_imputed,
        z_score
    from window_feature_scores
    where window_id = 'all'
)

select * from final
