{{ config(materialized="table") }}
-- A table, unlike the other staging views: deduplicating the clickstream is a window over every
-- event, and several feature models read it.
-- The clickstream, typed and deduplicated: a delivery retried by the client appears twice
-- with the same event_id, and only the first copy is kept.
with

source as (
    select * from {{ source('platform', 'events') }}
),

renamed as (
    select
        -- ids
        cast(event_id as bigint) as event_id,
        cast(user_id as bigint) as user_id,
        cast(content_id as bigint) as content_id,
        cast(notification_id as bigint) as notification_id,

        -- attributes
        cast(event_type as varchar) as event_type,

        -- numerics
        cast(feed_position as integer) as feed_position,
        cast(dwell_ms as integer) as dwell_ms,

        -- timestamps
        cast(event_at as timestamp) as event_at

    from source
),

deduplicated as (
    select
        *,
        row_number() over (partition by event_id order by event_at) as copy_number
    from renamed
)

select
    event_id,
    user_id,
    content_id,
    notification_id,
    event_type,
    feed_position,
    dwell_ms,
    event_at
from deduplicated
where copy_number = 1
