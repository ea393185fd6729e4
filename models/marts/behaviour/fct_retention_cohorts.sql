-- Signup-cohort retention. A user's day N is the UTC date signup date + N; week N is days
-- 7N to 7N + 6. A user counts toward period N only if that whole period lies inside the
-- data (signup date + the period's last day <= the last date with a session), so late
-- cohorts are not diluted by days that have not happened yet. Cohorts are signup weeks
-- (Monday start) of the accounts created inside the window.
with

users as (
    select
        user_id,
        cast(signed_up_at as date) as signup_date
    from {{ ref('int_users__clean') }}
),

sessions as (
    select
        user_id,
        session_date
    from {{ ref('fct_sessions') }}
),

date_range as (
    select
        min(session_date) as first_date,
        max(session_date) as last_date
    from sessions
),

cohort_users as (
    select
        users.user_id,
        users.signup_date,
        cast({{ dbt.date_trunc('week', 'users.signup_date') }} as date) as cohort_week_start,
        date_range.last_date
    from users
    cross join date_range
    where users.signup_date >= date_range.first_date
),

user_active_days as (
    select distinct
        sessions.user_id,
        {{ dbt.datediff('cohort_users.signup_date', 'sessions.session_date', 'day') }}
            as day_number
    from sessions
    inner join cohort_users
        on sessions.user_id = cohort_users.user_id
),

day_numbers as (
    select cast(generated_number - 1 as integer) as period_number
    from ({{ dbt.generate_series(var('retention_max_days') + 1) }}) as series  -- noqa: AL05
),

periods as (
    select
        'day' as period_unit,
        period_number,
        period_number as first_day,
        period_number as last_day
    from day_numbers

    union all

    select
        'week' as period_unit,
        period_number,
        period_number * 7 as first_day,
        period_number * 7 + 6 as last_day
    from day_numbers
    where period_number <= {{ var('retention_max_weeks') }}
),

user_periods as (
    select
        cohort_users.cohort_week_start,
        cohort_users.user_id,
        periods.period_unit,
        periods.period_number,
        periods.first_day,
        periods.last_day
    from cohort_users
    cross join periods
    where
        {{ dbt.dateadd('day', 'periods.last_day', 'cohort_users.signup_date') }}
        <= cohort_users.last_date
),

user_period_activity as (
    select
        user_periods.cohort_week_start,
        user_periods.user_id,
        user_periods.period_unit,
        user_periods.period_number,
        max(case when user_active_days.user_id is not null then 1 else 0 end) as is_retained
    from user_periods
    left join user_active_days
        on
            user_periods.user_id = user_active_days.user_id
            and user_active_days.day_number between user_periods.first_day and user_periods.last_day
    group by all
),

cohort_sizes as (
    select
        cohort_week_start,
        count(*) as cohort_size
    from cohort_users
    group by all
),

final as (
    select
        user_period_activity.cohort_week_start,
        user_period_activity.period_unit,
        cast(user_period_activity.period_number as integer) as period_number,
        cast(max(cohort_sizes.cohort_size) as bigint) as cohort_size,
        cast(count(*) as bigint) as n_observable_users,
        cast(sum(user_period_activity.is_retained) as bigint) as n_retained_users,
        cast(sum(user_period_activity.is_retained) as double) / count(*) as retention_share
    from user_period_activity
    inner join cohort_sizes
        on user_period_activity.cohort_week_start = cohort_sizes.cohort_week_start
    group by all
)

select * from final
