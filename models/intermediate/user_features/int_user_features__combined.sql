-- The behavioural feature vector: one row per user seen in the clickstream, every feature
-- in one place. Users with no session in the window have no row (nothing to profile). The
-- join is the macro join_user_features, shared with the windowed features.
with

user_sessions as (
    select * from {{ ref('int_user_features__sessions') }}
),

user_content as (
    select * from {{ ref('int_user_features__content') }}
),

user_actions as (
    select * from {{ ref('int_user_features__actions') }}
),

user_notifications as (
    select * from {{ ref('int_user_features__notifications') }}
),

user_ads as (
    select * from {{ ref('int_user_features__ads') }}
),

user_features as (
    {{ join_user_features(
        'user_sessions', 'user_content', 'user_actions', 'user_notifications', 'user_ads'
    ) }}
)

select * from user_features
