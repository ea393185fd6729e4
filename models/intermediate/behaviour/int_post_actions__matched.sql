-- Likes, comments and shares, each matched to the view of the same post that it followed:
-- one row per action. Matching needs the user's whole history of the post (a window
-- function), so it is done once here; the per-user and per-window aggregates only filter
-- and summarise these rows.
with

events as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at
    from {{ ref('int_events__clean') }}
    where event_type in ('impression', 'like', 'comment', 'share')
        and content_id is not null
),

post_events_numbered as (
    -- view_number counts the views of the same post by the same user; an action carries the
    -- number of the view it followed.
    select
        *,
        sum(case when event_type = 'impression' then 1 else 0 end) over (
            partition by user_id, content_id
            order by event_at, event_id
            rows between unbounded preceding and current row
        ) as view_number
    from events
),

views as (
    select
        user_id,
        content_id,
        view_number,
        dwell_ms,
        event_at as viewed_at
    from post_events_numbered
    where event_type = 'impression'
),

final as (
    select
        post_events_numbered.event_id,
        post_events_numbered.user_id,
        post_events_numbered.content_id,
        post_events_numbered.event_type,
        post_events_numbered.event_at as acted_at,
        views.viewed_at,
        {{ dbt.datediff('views.viewed_at', 'post_events_numbered.event_at', 'millisecond') }}
            as time_to_act_ms,
        views.dwell_ms
    from post_events_numbered
    inner join views
        on post_events_numbered.user_id = views.user_id
            and post_events_numbered.content_id = views.content_id
            and post_events_numbered.view_number = views.view_number
    where post_events_numbered.event_type in ('like', 'comment', 'share')
)

select * from final
