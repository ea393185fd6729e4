-- A user's content diet: one row per user per content category they were shown or acted on.
with

events as (
    select
        user_id,
        content_id,
        event_type,
        dwell_ms
    from {{ ref('stg_platform__events') }}
    where event_type in ('impression', 'like', 'comment', 'share')
),

content as (
    select
        content_id,
        category
    from {{ ref('stg_platform__content') }}
),

final as (
    select
        events.user_id,
        content.category,
        sum(case when events.event_type = 'impression' then 1 else 0 end) as n_impressions,
        sum(case when events.event_type in ('like', 'comment', 'share') then 1 else 0 end)
            as n_engagements,
        coalesce(sum(events.dwell_ms), 0) / 1000.0 as dwell_s
    from events
    inner join content
        on events.content_id = content.content_id
    group by events.user_id, content.category
)

select * from final
