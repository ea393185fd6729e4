-- Scoring features per time window in long form: one row per window per user per scoring
-- feature, standardised by the macro standardise_scoring_features (the same as the
-- whole-period int_feature_scores__standardised). A horizon is standardised within its own
-- population, so that a weight means the same after 1 day as after 30; a week against the
-- baseline week's population (reference_window_id), so that drift stays visible.
with

user_features as (
    select * from {{ ref('int_user_features__by_window') }}
),

scoring_features as (
    select
        feature_name,
        value_transform
    from {{ ref('scoring_features') }}
),

feature_scores as (
    {{ standardise_scoring_features(
        'user_features', 'scoring_features', keys=['window_id'],
        reference_key='reference_window_id'
    ) }}
)

select * from feature_scores
