-- Accounts flagged as bots: still counted here (and in dim_users, where they are not
-- profiled), but none of their events reaches a feature or a score.
with

user_event_rates as (
    select
        user_id,
        n_events,
        n_active_minutes,
        peak_events_per_minute,
        n_inhuman_minutes,
        is_suspected_bot
    from {{ ref('int_users__event_rates') }}
),

users as (
    select
        user_id,
        signed_up_at
    from {{ ref('int_users__clean') }}
),

bots as (
    select
        user_event_rates.user_id,
        users.signed_up_at,
        user_event_rates.n_events,
        user_event_rates.n_active_minutes,
        user_event_rates.peak_events_per_minute,
        user_event_rates.n_inhuman_minutes
    from user_event_rates
    inner join users
        on user_event_rates.user_id = users.user_id
    where user_event_rates.is_suspected_bot
)

select
    cast(user_id as bigint) as user_id,
    cast(signed_up_at as timestamp) as signed_up_at,
    cast(n_events as bigint) as n_events,
    cast(n_active_minutes as bigint) as n_active_minutes,
    cast(peak_events_per_minute as bigint) as peak_events_per_minute,
    cast(n_inhuman_minutes as bigint) as n_inhuman_minutes
from bots
