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
        where load_date >= (
            select {{ dbt.dateadd('day', -var('incremental_lookback_days'), 'max(load_date)') }}
            from {{ this }}
        )
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
        -- int_events__validated collapses repeated deliveries by (ids can be null
        -- in faulty rows, so the key hashes every logged field, not only event_id).
        md5(concat_ws(
            '|',
            {%- for column in ['event_id', 'user_id', 'content_id', 'notification_id',
                               'event_type', 'feed_position', 'dwell_ms', 'event_at'] %}
                -- a null and an empty value must not hash alike
                coalesce(
                    cast({{ column }} as {{ dbt.type_string() }}), '<null>'
                ){{ "," if not loop.last }}
            {%- endfor %}
        )) as logged_row_key,
        *
    from deduplicated
)

select * from keyed
