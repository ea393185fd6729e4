{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="load_date",
    on_schema_change="fail",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert (README,
-- "Running on Spark").
-- The clickstream as delivered, load by load: every distinct raw row of each daily load once,
-- with how many identical copies the load held. Incremental by load: a run reads only the
-- loads it has not seen, plus the last var('incremental_lookback_days') days of loads again
-- (a load rewritten or landed out of order replaces its old rows; delete+insert by
-- load_date). Late events need no lookback: they arrive in a new load, whatever their age.
with

events as (
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
        load_date
    from {{ ref('stg_platform__events') }}
    {% if is_incremental() %}
        where load_date >= {{ first_unread_load('load_date') }}
    {% endif %}
),

deduplicated as (
    -- A hash aggregate, which DuckDB spills to disk at any size (a row_number() window over
    -- every event ran out of memory at 180 million events).
    select
        *,
        count(*) as n_copies
    from events
    group by all
),

keyed as (
    select
        -- The event as the client logged it, whatever the delivery: the key that
        -- int_events__validated collapses repeated deliveries by (ids can be null in faulty
        -- rows, so the key hashes every logged field, not only event_id). A 64-bit hash, not
        -- md5 of the fields as text: md5 was over half this model's time. Two different
        -- logged rows share a key with odds of about n^2 / 2^65, 3 in 10,000 at 100 million
        -- rows; they would then stay two rows in int_events__validated (it groups by every
        -- field too) and fail its unique test on logged_row_key, not merge silently.
        {{ row_hash(['event_id', 'user_id', 'content_id', 'notification_id', 'event_type',
                     'feed_position', 'dwell_ms', 'event_at']) }} as logged_row_key,
        *
    from deduplicated
)

select * from keyed
