-- How a user acts on posts: how often, and how soon after a post appears. Each like, comment
-- or share is matched to the view of the same post that it followed.
with

events as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at
    from {{ ref('stg_platform__events') }}
    where event_type in ('impression', 'like', 'comment', 'share', 'rage_click')
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
    where content_id is not null
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

actions as (
    select
        post_events_numbered.user_id,
        post_events_numbered.event_type,
        {{ dbt.datediff('views.viewed_at', 'post_events_numbered.event_at', 'millisecond') }}
            as time_to_act_ms,
        views.dwell_ms
    from post_events_numbered
    inner join views
        on post_events_numbered.user_id = views.user_id
            and post_events_numbered.content_id = views.content_id
            and post_events_numbered.view_number = views.view_number
    where post_events_numbered.event_type in ('like', 'comment', 'share')
),

action_speed as (
    select
        user_id,
        median(time_to_act_ms) as median_time_to_act_ms,
        -- Share of the post's time on screen that passed before acting: 0.1 = within the
        -- first tenth. Independent of how long the user lingers in general.
        median(time_to_act_ms * 1.0 / nullif(dwell_ms, 0)) as median_time_to_act_share
    from actions
    group by user_id
),

counts as (
    select
        user_id,
        sum(case when event_type = 'impression' then 1 else 0 end) as n_impressions,
        sum(case when event_type = 'like' then 1 else 0 end) as n_likes,
        sum(case when event_type = 'comment' then 1 else 0 end) as n_comments,
        sum(case when event_type = 'share' then 1 else 0 end) as n_shares,
        sum(case when event_type = 'rage_click' then 1 else 0 end) as n_rage_clicks
    from events
    group by user_id
),

final as (
    select
        counts.user_id,
        counts.n_likes,
        counts.n_comments,
        counts.n_shares,
        counts.n_rage_clicks,
        100.0 * counts.n_likes / nullif(counts.n_impressions, 0) as likes_per_100_views,
        100.0 * counts.n_comments / nullif(counts.n_impressions, 0) as comments_per_100_views,
        100.0 * counts.n_shares / nullif(counts.n_impressions, 0) as shares_per_100_views,
        100.0 * counts.n_rage_clicks / nullif(counts.n_impressions, 0)
            as rage_clicks_per_100_views,
        action_speed.median_time_to_act_ms,
        action_speed.median_time_to_act_share
    from counts
    left join action_speed
        on counts.user_id = action_speed.user_id
)

select * from final
