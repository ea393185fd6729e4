-- Bot detection reads the clickstream as delivered (every copy counts): a person cannot act
-- hundreds of times a minute, a scraper or click farm does. A table (as the folder's models are):
-- the validated events join it per event. Rebuilt whole on every run: the rule counts over all
-- time.
with

deliveries as (
    select
        user_id,
        event_at,
        n_copies
    from {{ ref('int_events__deliveries') }}
    where user_id is not null and event_at is not null
),

events_per_minute as (
    select
        user_id,
        {{ dbt.date_trunc('minute', 'event_at') }} as event_minute,
        sum(n_copies) as n_events
    from deliveries
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
