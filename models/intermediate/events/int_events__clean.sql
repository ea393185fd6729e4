-- The clean clickstream: the validated events that passed every check, once each. The rows
-- that failed are in int_raw_rows__quarantined, with their reason.
with

validated_events as (
    select
        event_id,
        user_id,
        content_id,
        notification_id,
        event_type,
        feed_position,
        dwell_ms,
        event_at,
        received_at,
        first_load_date,
        last_load_date,
        rejection_reason
    from {{ ref('int_events__validated') }}
),

clean as (
    select
        -- ids
        event_id,
        user_id,
        content_id,
        notification_id,

        -- attributes
        event_type,

        -- numerics
        feed_position,
        dwell_ms,

        -- timestamps
        event_at,
        received_at,

        -- dates
        first_load_date,
        last_load_date

    from validated_events
    where rejection_reason is null
)

select * from clean
