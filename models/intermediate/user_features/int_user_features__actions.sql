-- How a user acts on posts: how often, and how soon after a post appears (each action
-- timed from the view it followed, int_post_actions__matched). The aggregation is the macro
-- aggregate_user_actions, shared with the windowed features (int_user_features__by_window).
with

post_days as (
    select
        user_id,
        n_impressions,
        n_likes,
        n_comments,
        n_shares,
        n_rage_clicks
    from {{ ref('int_user_days__post_events') }}
),

post_actions as (
    select
        user_id,
        time_to_act_ms,
        dwell_ms
    from {{ ref('int_post_actions__matched') }}
),

user_actions as (
    {{ aggregate_user_actions('post_days', 'post_actions') }}
)

select * from user_actions
