{{ config(materialized="table") }}
-- Bot detection reads the raw clickstream: a person cannot act hundreds of times a minute, a
-- scraper or click farm does. A table, because the validated events join it per event.
with

source as (
    select
        user_id,
        event_at
    from {{ source('platform', 'events') }}
    where user_id is not null and event_at is not null
),

events_per_minute as (
    select
        cast(user_id as bigint) as user_id,
        {{ dbt.date_trunc('minute', 'cast(event_at as timestamp)') }} as event_minute,
        count(*) as n_events
    from source
    group by all
),

rates as (
    select
        user_id,
        sum(n_events) as n_events,
        count(*) as n_active_minutes,
        max(n_events) as peak_events_per_minute,
        count(
            case when n_events > {{ var('bot_max_events_per_minute') }} then 1 end
        ) as n_inhuman_minutes
    from events_per_minute
    group by all
),

flagged as (
    select
        -- ids
        user_id,

        -- numerics
        n_events,
        n_active_minutes,
        peak_events_per_minute,
        n_inhuman_minutes,

        -- booleans
        n_inhuman_minutes >= {{ var('bot_min_inhuman_minutes') }} as is_suspected_bot

    from rates
)

select * from flagged
