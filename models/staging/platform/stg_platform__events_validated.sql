{{ config(materialized="table") }}
-- Every distinct raw clickstream row once, with how many identical copies arrived and the
-- first data-quality check it fails (null when it passes them all). stg_platform__events keeps
-- the clean rows, stg_platform__quarantined_rows the others: nothing is dropped silently.
-- The checks run in the order of the case below; each reason code is documented in
-- models/docs.md (doc block quarantine_reasons).
with

source as (
    select * from {{ source('platform', 'events') }}
),

users as (
    select
        user_id,
        signed_up_at
    from {{ ref('stg_platform__users') }}
),

content as (
    select content_id
    from {{ ref('stg_platform__content') }}
),

user_event_rates as (
    select
        user_id,
        is_suspected_bot
    from {{ ref('stg_platform__user_event_rates') }}
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
        cast(event_at as timestamp) as event_at,
        cast(received_at as timestamp) as received_at

    from source
),

deduplicated as (
    -- A hash aggregate, which DuckDB spills to disk at any size (a row_number() window over
    -- every event ran out of memory at 180 million events). Exact copies (a delivery retried
    -- by the client) collapse into one row that remembers how many arrived.
    select
        *,
        count(*) as n_copies
    from renamed
    group by all
),

checked as (
    select
        deduplicated.*,
        case
            when deduplicated.event_id is null or deduplicated.user_id is null
                then 'null_id'
            when deduplicated.event_at is null or deduplicated.received_at is null
                then 'missing_timestamp'
            when
                deduplicated.event_id <= 0
                or deduplicated.user_id <= 0
                or deduplicated.content_id <= 0
                or deduplicated.notification_id <= 0
                then 'malformed_id'
            when users.user_id is null
                then 'unknown_user'
            when deduplicated.content_id is not null and content.content_id is null
                then 'unknown_content'
            when
                deduplicated.event_type is null
                or deduplicated.event_type not in ('{{ var("known_event_types") | join("', '") }}')  -- noqa: LT05
                then 'unknown_event_type'
            when
                {{ dbt.datediff('deduplicated.received_at', 'deduplicated.event_at', 'hour') }}
                >= {{ var('future_timestamp_min_hours') }}
                then 'future_timestamp'
            when deduplicated.event_at < users.signed_up_at
                then 'before_signup'
            when
                abs({{ dbt.datediff('deduplicated.received_at', 'deduplicated.event_at', 'second') }})  -- noqa: LT05
                > {{ var('max_clock_skew_minutes') }} * 60
                then 'clock_skew'
            when deduplicated.dwell_ms < 0
                then 'negative_dwell'
            when deduplicated.dwell_ms > {{ var('max_dwell_ms') }}
                then 'absurd_dwell'
            when
                deduplicated.feed_position < 1
                or deduplicated.feed_position > {{ var('max_feed_position') }}
                then 'invalid_feed_position'
            when user_event_rates.is_suspected_bot
                then 'bot_user'
        end as rejection_reason
    from deduplicated
    left join users
        on deduplicated.user_id = users.user_id
    left join content
        on deduplicated.content_id = content.content_id
    left join user_event_rates
        on deduplicated.user_id = user_event_rates.user_id
)

select * from checked
