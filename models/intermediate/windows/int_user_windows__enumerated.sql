-- Observation windows: one row per user per time window in which the user has a session.
-- Windows are runs of whole local days counted from the world's first local day ("day 1" is
-- the same calendar day in Tokyo and in Lima): `all`, the whole period, for the profile;
-- `horizon-NN`, the first NN days, for the learning curve; `week-NN`, for drift.
-- Each row carries the window's bounds as UTC timestamps for this user, so that any event
-- table can be cut with `user_id = ... and <time> >= window_start_at and < window_end_at`.
with

sessions as (
    select
        user_id,
        session_started_at_local,
        -- The local end of the session: its events can run past the midnight after its start.
        session_started_at_local + (session_ended_at - session_started_at)
            as session_ended_at_local
    from {{ ref('int_sessions__aggregated') }}
),

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('int_users__clean') }}
),

world_period as (
    select world_end_date
    from {{ ref('stg_platform__world') }}
),

user_days as (
    select distinct
        user_id,
        cast(session_started_at_local as date) as local_date
    from sessions
),

data_period as (
    -- The local days with a session start, and the last local day a session reached.
    select
        min(cast(session_started_at_local as date)) as first_local_date,
        max(cast(session_started_at_local as date)) as last_local_date,
        max(cast(session_ended_at_local as date)) as last_event_date
    from sessions
),

world as (
    -- And the world's last day (world_end_date is the day after it; late sessions run past
    -- it). Not one aggregate over the cross join: Spark fails that plan on a unit test.
    select
        data_period.*,
        cast({{ dbt.dateadd('day', -1, 'world_period.world_end_date') }} as date)
            as world_last_date
    from data_period
    cross join world_period
),

whole_period_window as (
    -- The whole period: every local day with data, to the end of the last session, so that
    -- no event is left out. It has no number (it is not one of a series).
    select
        'all' as window_type,
        cast(null as integer) as window_number,
        first_local_date as window_first_date,
        last_event_date as window_last_date
    from world
),

horizons as (
    {%- for horizon_days in var('learning_curve_horizon_days') %}
        select {{ horizon_days }} as window_number{{ " union all" if not loop.last }}
    {%- endfor %}
),

horizon_windows as (
    select
        'horizon' as window_type,
        horizons.window_number,
        world.first_local_date as window_first_date,
        cast(
            {{ dbt.dateadd('day', 'horizons.window_number - 1', 'world.first_local_date') }}
            as date
        ) as window_last_date
    from horizons
    cross join world
),

week_numbers as (
    select distinct
        cast(floor(
            {{ dbt.datediff('world.first_local_date', 'user_days.local_date', 'day') }} / 7  -- noqa: LT05
        ) as integer) + 1 as window_number
    from user_days
    cross join world
),

week_windows as (
    select
        'week' as window_type,
        week_numbers.window_number,
        cast({{ dbt.dateadd(
            'day', '7 * (week_numbers.window_number - 1)', 'world.first_local_date'
        ) }} as date) as window_first_date,
        cast({{ dbt.dateadd(
            'day', '7 * week_numbers.window_number - 1', 'world.first_local_date'
        ) }} as date) as window_last_date
    from week_numbers
    cross join world
),

windows as (
    select * from whole_period_window
    union all
    select * from horizon_windows
    union all
    select * from week_windows
),

complete_windows as (
    -- A horizon or week fits in the world and the data (no day 31 of a 30-day world).
    select
        windows.*,
        case
            when windows.window_type = 'all' then 'all'
            else windows.window_type || '-'
                || lpad(cast(windows.window_number as {{ dbt.type_string() }}), 2, '0')
        end as window_id
    from windows
    cross join world
    where windows.window_type = 'all'
        or windows.window_last_date <= least(world.last_local_date, world.world_last_date)
),

user_windows as (
    select distinct
        user_days.user_id,
        complete_windows.window_id
    from user_days
    inner join complete_windows
        on user_days.local_date >= complete_windows.window_first_date
            and user_days.local_date <= complete_windows.window_last_date
),

user_first_days as (
    select
        user_id,
        min(local_date) as first_session_date
    from user_days
    group by user_id
),

final as (
    select
        complete_windows.window_id,
        user_windows.user_id,
        complete_windows.window_type,
        complete_windows.window_number,
        complete_windows.window_first_date,
        complete_windows.window_last_date,
        -- Days observed: from the later of the window's first day and the user's first session
        -- to the earlier of the window's last day and the world's, inclusive; at least 1.
        greatest(
            {{ dbt.datediff(
                'greatest(complete_windows.window_first_date, user_first_days.first_session_date)',
                'least(complete_windows.window_last_date, world.world_last_date)',
                'day'
            ) }} + 1,
            1
        ) as observed_days,
        -- Local midnight at both ends, in UTC: local time = UTC + utc_offset_minutes.
        {{ dbt.dateadd(
            'minute',
            '-users.utc_offset_minutes',
            'cast(complete_windows.window_first_date as timestamp)'
        ) }} as window_start_at,
        {{ dbt.dateadd(
            'minute',
            '-users.utc_offset_minutes',
            dbt.dateadd('day', 1, 'cast(complete_windows.window_last_date as timestamp)')
        ) }} as window_end_at,
        -- The window whose population sets the features' scale: a horizon its own, a week the
        -- baseline week, so that a shift between weeks is not standardised away.
        case
            when complete_windows.window_type = 'week'
                then 'week-{{ "%02d" | format(var("drift_baseline_week") | int) }}'
            else complete_windows.window_id
        end as reference_window_id
    from user_windows
    inner join complete_windows
        on user_windows.window_id = complete_windows.window_id
    inner join user_first_days
        on user_windows.user_id = user_first_days.user_id
    inner join users
        on user_windows.user_id = users.user_id
    cross join world
)

select * from final
