-- The whole period is the window `all`, cut from each user's first local midnight to the one
-- after the last day a session reached, like any window (int_user_windows__enumerated), so a
-- row outside those bounds would be silently left out of the profile. Returns every row of a
-- profiled user's sessions, post events, actions, notifications and ads that falls outside
-- the user's window `all`.
with

whole_period as (
    select
        user_id,
        window_first_date,
        window_last_date,
        window_start_at,
        window_end_at
    from {{ ref('int_user_windows__enumerated') }}
    where window_id = 'all'
),

timed_rows as (
    select
        'session' as row_kind,
        user_id,
        session_started_at as row_at
    from {{ ref('int_sessions__aggregated') }}
    union all
    select
        'post action' as row_kind,
        user_id,
        acted_at as row_at
    from {{ ref('int_post_actions__matched') }}
    union all
    select
        'notification' as row_kind,
        user_id,
        sent_at as row_at
    from {{ ref('int_notifications__clean') }}
    union all
    select
        'ad impression' as row_kind,
        user_id,
        shown_at as row_at
    from {{ ref('int_ad_impressions__clean') }}
),

post_days as (
    select
        user_id,
        local_date
    from {{ ref('int_user_days__post_events') }}
),

rows_outside as (
    select
        timed_rows.row_kind,
        timed_rows.user_id,
        cast(timed_rows.row_at as {{ dbt.type_string() }}) as row_time
    from timed_rows
    inner join whole_period
        on timed_rows.user_id = whole_period.user_id
    where timed_rows.row_at < whole_period.window_start_at
        or timed_rows.row_at >= whole_period.window_end_at
    union all
    select
        'post day' as row_kind,
        post_days.user_id,
        cast(post_days.local_date as {{ dbt.type_string() }}) as row_time
    from post_days
    inner join whole_period
        on post_days.user_id = whole_period.user_id
    where post_days.local_date < whole_period.window_first_date
        or post_days.local_date > whole_period.window_last_date
)

select * from rows_outside
