-- Content diet per user: what they are shown, how narrow it is, and how they react to
-- outrage and negativity. The aggregation is the macro aggregate_user_content, shared with
-- the windowed features (int_user_features__by_window); it adds up the user's days
-- (int_user_days__post_events).
with

post_days as (
    select * from {{ ref('int_user_days__post_events') }}
),

content as (
    select category
    from {{ ref('int_content__clean') }}
),

user_categories as (
    select
        user_id,
        category,
        n_impressions
    from {{ ref('int_user_features__categories') }}
),

n_categories as (
    select count(distinct category) as n_categories
    from content
),

user_content as (
    {{ aggregate_user_content('post_days', 'user_categories', 'n_categories') }}
)

select * from user_content
