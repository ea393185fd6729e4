{{ config(materialized="table") }}
-- A table, unlike the other staging views: deduplicating the clickstream touches every event,
-- and several feature models read the result.
-- The clickstream, typed and deduplicated: a delivery retried by the client appears twice,
-- identical, and only one copy is kept.
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
    -- select distinct is a hash aggregate, which DuckDB spills to disk at any size (a
    -- row_number() window over every event ran out of memory at 180 million events). Two rows
    -- with one event_id but different contents would survive it, and fail the unique test.
    select distinct * from renamed
)

select * from deduplicated
