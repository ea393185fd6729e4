-- Scoring features in long form, standardised across the population: one row per user per
-- feature listed in the scoring_features seed (the one list of them). The standardisation is
-- the macro standardise_scoring_features, shared with the windowed scores
-- (int_feature_scores__by_window).
with

user_features as (
    select * from {{ ref('int_user_features__combined') }}
),

scoring_features as (
    select
        feature_name,
        value_transform
    from {{ ref('scoring_features') }}
),

feature_scores as (
    {{ standardise_scoring_features('user_features', 'scoring_features') }}
)

select * from feature_scores
