{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="logged_row_key",
    on_schema_change="fail",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert (README,
-- "Running on Spark").
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- Every distinct logged clickstream row once, with how many deliveries of it arrived (over
-- all loads) and the first data-quality check it fails (null when it passes them all).
-- int_events__clean keeps the clean rows, int_raw_rows__quarantined the others:
-- nothing is dropped silently. The checks run in the order of the case below; each reason
-- code is documented in models/docs.md (doc block quarantine_reasons).
--
-- Incremental (delete+insert by logged_row_key): a run re-checks the rows that were
-- delivered in the loads int_events__deliveries just read, gathering all their
-- deliveries, and every row of a user whose bot flag changed. Users and content are looked
-- up as they are at that run: after a change to either, run with --full-refresh.
with

deliveries as (
    select * from {{ ref('int_events__deliveries') }}
),

users as (
    select
        user_id,
        signed_up_at
    from {{ ref('int_users__clean') }}
),

quarantined_users as (
    select distinct user_id
    from {{ ref('int_users__validated') }}
    where rejection_reason is not null
),

world as (
    -- Earliest and latest plausible times: the world's UTC days widened by a margin for its
    -- local days (docs/operations.md, "Data quality"), and never later than this build's clock.
    select
        {{ dbt.dateadd(
            'hour', -var('world_period_margin_hours'), 'cast(world_start_date as timestamp)'
        ) }} as earliest_at,
        {{ dbt.dateadd(
            'hour', var('world_period_margin_hours'), 'cast(world_end_date as timestamp)'
        ) }} as latest_at
    from {{ ref('stg_platform__world') }}
),

content as (
    select content_id
    from {{ ref('int_content__clean') }}
),

notifications as (
    select notification_id
    from {{ ref('int_notifications__clean') }}
),

user_event_rates as (
    select
        user_id,
        is_suspected_bot
    from {{ ref('int_users__event_rates') }}
),

{% if is_incremental() %}
changed_rows as (
    -- Rows delivered in the loads read by this run ...
    select logged_row_key
    from deliveries
    where load_date >= {{ first_unread_load() }}
    union
    -- ... and every row of a user who has become a suspected bot since the last run (the
    -- rule counts inhuman minutes over all time, so a new load can flag an old account).
    select this_run.logged_row_key
    from {{ this }} as this_run
    inner join user_event_rates
        on this_run.user_id = user_event_rates.user_id
    where
        user_event_rates.is_suspected_bot
        and this_run.rejection_reason is null
),

batch as (
    select deliveries.*
    from deliveries
    where logged_row_key in (select changed_rows.logged_row_key from changed_rows)
),
{% else %}
batch as (
    select * from deliveries
),
{% endif %}

deduplicated as (
    -- Repeated deliveries of one logged row collapse into one: the first receipt counts.
    select
        logged_row_key,
        event_id,
        user_id,
        content_id,
        notification_id,
        event_type,
        feed_position,
        dwell_ms,
        event_at,
        min(received_at) as received_at,
        min(load_date) as first_load_date,
        max(load_date) as last_load_date,
        sum(n_copies) as n_copies
    from batch
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
            when quarantined_users.user_id is not null
                then 'quarantined_user'
            when users.user_id is null
                then 'unknown_user'
            when deduplicated.content_id is not null and content.content_id is null
                then 'unknown_content'
            when
                deduplicated.notification_id is not null
                and notifications.notification_id is null
                then 'unknown_notification'
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
            -- Only a clock running ahead: an event_at long before received_at is a late
            -- delivery (a device that was offline), not a fault.
            when
                {{ dbt.datediff('deduplicated.received_at', 'deduplicated.event_at', 'second') }}
                > {{ var('max_clock_skew_minutes') }} * 60
                then 'clock_skew'
            -- Device and server clocks that agree with each other but not with the world
            -- (both in the year 2100, say): bounded by the world's period and the build's
            -- clock, not only by each other.
            when
                deduplicated.event_at < world.earliest_at
                or deduplicated.event_at > world.latest_at
                or deduplicated.received_at < world.earliest_at
                or deduplicated.received_at > world.latest_at
                or deduplicated.received_at > {{ dbt.current_timestamp() }}
                then 'outside_world_period'
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
    cross join world
    left join quarantined_users
        on deduplicated.user_id = quarantined_users.user_id
    left join users
        on deduplicated.user_id = users.user_id
    left join content
        on deduplicated.content_id = content.content_id
    left join notifications
        on deduplicated.notification_id = notifications.notification_id
    left join user_event_rates
        on deduplicated.user_id = user_event_rates.user_id
)

select * from checked
