-- The clickstream as delivered: every raw row of every daily load, renamed and cast. Repeated
-- deliveries and faulty rows are still here: intermediate/events deduplicates, validates and
-- quarantines them.
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
        cast(event_type as {{ dbt.type_string() }}) as event_type,

        -- numerics
        cast(feed_position as integer) as feed_position,
        cast(dwell_ms as integer) as dwell_ms,

        -- timestamps
        cast(event_at as timestamp) as event_at,
        cast(received_at as timestamp) as received_at,

        -- dates
        cast(load_date as date) as load_date

    from source
)

select * from renamed
