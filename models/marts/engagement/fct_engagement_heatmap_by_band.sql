-- The heatmap split by trait band: one row per trait per band per day of the week per hour
-- (6 x 3 x 168 rows). Shares are within the trait-band, so bands of different sizes compare.
with

activity_hours as (
    select
        user_id,
        day_of_week,
        hour_of_day,
        n_events,
        n_sessions_started
    from {{ ref('int_user_features__activity_hours') }}
),

user_traits as (
    select
        user_id,
        trait,
        band
    from {{ ref('fct_user_traits') }}
    -- hand-set scores: the published bands; the learned scores are compared in the eval_ marts
    where method = 'hand-set'
),

week_hours as (
    select
        day_of_week,
        day_name,
        hour_of_day
    from {{ ref('week_hours') }}
),

trait_bands as (
    select distinct
        trait,
        band
    from user_traits
),

per_slot as (
    select
        user_traits.trait,
        user_traits.band,
        activity_hours.day_of_week,
        activity_hours.hour_of_day,
        sum(activity_hours.n_events) as n_events,
        count(distinct activity_hours.user_id) as n_active_users,
        sum(activity_hours.n_sessions_started) as n_sessions_started
    from activity_hours
    inner join user_traits
        on activity_hours.user_id = user_traits.user_id
    group by 1, 2, 3, 4
),

final as (
    select
        trait_bands.trait,
        trait_bands.band,
        week_hours.day_of_week,
        week_hours.day_name,
        week_hours.hour_of_day,
        week_hours.hour_of_day >= {{ var('late_night_start_hour') }}
        or week_hours.hour_of_day < {{ var('late_night_end_hour') }} as is_late_night_hour,
        coalesce(per_slot.n_events, 0) as n_events,
        coalesce(per_slot.n_active_users, 0) as n_active_users,
        coalesce(per_slot.n_sessions_started, 0) as n_sessions_started
    from trait_bands
    cross join week_hours
    left join per_slot
        on trait_bands.trait = per_slot.trait
            and trait_bands.band = per_slot.band
            and week_hours.day_of_week = per_slot.day_of_week
            and week_hours.hour_of_day = per_slot.hour_of_day
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(band as {{ dbt.type_string() }}) as band,
    cast(day_of_week as integer) as day_of_week,
    cast(day_name as {{ dbt.type_string() }}) as day_name,
    cast(hour_of_day as integer) as hour_of_day,
    cast(is_late_night_hour as boolean) as is_late_night_hour,
    cast(n_events as bigint) as n_events,
    cast(n_active_users as bigint) as n_active_users,
    cast(n_sessions_started as bigint) as n_sessions_started,
    cast(
        n_events * 1.0 / nullif(sum(n_events) over (partition by trait, band), 0) as double
    ) as share_of_events
from final
