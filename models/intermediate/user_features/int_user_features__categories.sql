-- A user's content diet: one row per user per content category they were shown or acted on.
-- The aggregation is the macro aggregate_user_categories, shared with the windowed features.
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
        category
    from {{ ref('int_content__clean') }}
),

events_with_content as (
    select
        events.user_id,
        events.event_type,
        events.dwell_ms,
        content.category
    from events
    inner join content
        on events.content_id = content.content_id
),

user_categories as (
    {{ aggregate_user_categories('events_with_content') }}
)

select * from user_categories
