-- A user's content diet: one row per user per content category they were shown or acted on.
-- The aggregation is the macro aggregate_user_categories, shared with the windowed features;
-- it adds up the user's days (int_user_days__post_events).
with

post_days as (
    select
        user_id,
        category,
        n_impressions,
        n_likes,
        n_comments,
        n_shares,
        dwell_ms
    from {{ ref('int_user_days__post_events') }}
),

user_categories as (
    {{ aggregate_user_categories('post_days') }}
)

select * from user_categories
