-- Lifecycle state of every user in every day and ISO week (Monday start) of the window,
-- from the period they enter it. Active = started a session in the period (UTC).
--   new          active, and it is the user's first activity ever: the account was created
--                inside the window and was never active before;
--   returning    active, and active in the previous period;
--   resurrected  active after a period without activity, having been active before (an
--                account created before the window has been active before, by definition);
--   dormant      not active in the period.
-- Accounts created before the window enter it in its first period, where the previous
-- period is unobserved: active ones count as returning. Accounts created inside the window
-- enter with their first activity (never-active accounts have no rows).
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

days as (
    select distinct session_date as period_start
    from sessions
),

periods as (
    select
        'day' as period_unit,
        period_start,
        1 as n_days_observed
    from days

    union all

    select
        'week' as period_unit,
        cast({{ dbt.date_trunc('week', 'period_start') }} as date) as period_start,
        count(*) as n_days_observed
    from days
    group by all
),

user_activity as (
    select distinct
        sessions.user_id,
        periods.period_unit,
        periods.period_start
    from sessions
    inner join periods
        on
            (periods.period_unit = 'day' and sessions.session_date = periods.period_start)
            or (
                periods.period_unit = 'week'
                and cast({{ dbt.date_trunc('week', 'sessions.session_date') }} as date)
                = periods.period_start
            )
),

first_period as (
    -- "before the window" means before its first day, for weeks as for days
    select
        periods.period_unit,
        min(periods.period_start) as first_period_start,
        min(days.period_start) as first_day
    from periods
    cross join days
    group by all
),

first_activity as (
    select
        user_id,
        period_unit,
        min(period_start) as first_active_period_start
    from user_activity
    group by all
),

entries as (
    -- where each user enters the lifecycle, per period unit
    select
        users.user_id,
        first_period.period_unit,
        users.signup_date < first_period.first_day as is_created_before_window,
        case
            when users.signup_date < first_period.first_day
                then first_period.first_period_start
            else first_activity.first_active_period_start
        end as entry_period_start
    from users
    cross join first_period
    left join first_activity
        on
            users.user_id = first_activity.user_id
            and first_period.period_unit = first_activity.period_unit
),

user_periods as (
    select
        entries.user_id,
        periods.period_unit,
        periods.period_start,
        periods.n_days_observed,
        entries.is_created_before_window,
        user_activity.user_id is not null as is_active
    from entries
    inner join periods
        on
            entries.period_unit = periods.period_unit
            and entries.entry_period_start <= periods.period_start
    left join user_activity
        on
            entries.user_id = user_activity.user_id
            and periods.period_unit = user_activity.period_unit
            and periods.period_start = user_activity.period_start
),

with_history as (
    select
        *,
        lag(is_active) over (
            partition by user_id, period_unit order by period_start
        ) as was_active_previous_period,
        coalesce(max(case when is_active then 1 else 0 end) over (
            partition by user_id, period_unit
            order by period_start
            rows between unbounded preceding and 1 preceding
        ), 0) = 1 as was_active_before
    from user_periods
),

final as (
    select
        user_id,
        period_unit,
        period_start,
        cast(n_days_observed as integer) as n_days_observed,
        is_active,
        case
            when not is_active then 'dormant'
            when not is_created_before_window and not was_active_before then 'new'
            when was_active_previous_period then 'returning'
            when was_active_previous_period is null then 'returning'
            else 'resurrected'
        end as lifecycle_state
    from with_history
)

select * from final
