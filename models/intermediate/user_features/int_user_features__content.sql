-- Content diet per user: what they are shown, how narrow it is, and how they react to
-- outrage and negativity. The aggregation is the macro aggregate_user_content, shared with
-- the windowed features (int_user_features__by_window).
with

events as (
    select
        user_id,
        content_id,
        event_type,
        dwell_ms
    from {{ ref('int_events__clean') }}
    where event_type in ('impression', 'like', 'comment', 'share')
),

content as (
    select
        content_id,
        category,
        is_high_outrage,
        is_negative
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

events_with_content as (
    select
        events.user_id,
        events.event_type,
        events.dwell_ms,
        content.category,
        content.is_high_outrage,
        content.is_negative
    from events
    inner join content
        on events.content_id = content.content_id
),

user_content as (
    {{ aggregate_user_content('events_with_content', 'user_categories', 'n_categories') }}
)

select * from user_content
