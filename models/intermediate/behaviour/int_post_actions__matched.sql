-- Likes, comments and shares, each matched to the view of the same post that it followed
-- (the latest view of that post by that user at or before the action): one row per action.
-- Done once here; the per-user and per-window aggregates only filter and summarise these
-- rows. An as-of join of the actions onto the views, not a running count of views over every
-- post event: the same matches at 10M events, in half the time.
with

post_events as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at
    from {{ ref('int_events__clean') }}
    where
        event_type in ('impression', 'like', 'comment', 'share')
        and content_id is not null
),

actions as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        event_at as acted_at
    from post_events
    where event_type in ('like', 'comment', 'share')
),

views as (
    select
        user_id,
        content_id,
        dwell_ms,
        event_at as viewed_at,
        {{ asof_next_time('event_at', 'user_id, content_id', 'event_at, event_id') }}
            as next_viewed_at
    from post_events
    where event_type = 'impression'
),

final as (
    select
        actions.event_id,
        actions.user_id,
        actions.content_id,
        actions.event_type,
        actions.acted_at,
        views.viewed_at,
        {{ dbt.datediff('views.viewed_at', 'actions.acted_at', 'millisecond') }}
            as time_to_act_ms,
        views.dwell_ms
    from actions
    {{ asof_join(
        'views',
        'actions.user_id = views.user_id and actions.content_id = views.content_id',
        'actions.acted_at',
        'views.viewed_at',
        'views.next_viewed_at',
    ) }}
)

select * from final
