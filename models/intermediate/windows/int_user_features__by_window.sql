{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="window_id",
    on_schema_change="fail",
    pre_hook="{{ delete_dropped_windows() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The incremental branch's references, which dbt cannot see in a full build's parse:
-- depends_on: {{ ref('int_notifications__validated') }}
-- depends_on: {{ ref('stg_platform__notifications') }}
-- depends_on: {{ ref('int_ad_impressions__validated') }}
-- depends_on: {{ ref('stg_platform__ad_impressions') }}
--
-- The behavioural feature vector per time window: one row per window per user with a
-- session in it (int_user_windows__enumerated). Every feature is computed by the same macros as the
-- whole-period models (aggregate_user_* and join_user_features), from the sessions, post
-- events (per local day: int_user_days__post_events), actions, notifications and ads that
-- fall in the user's window.
--
-- Incremental (delete+insert by window): a run computes again, for every user, each window
-- that a new load could have changed, and keeps the others as they are. Whole windows, not
-- (window, user) pairs: a user's smoothed ad rates lean on the whole window's population
-- (aggregate_user_ads). A load changes a window when it delivers a row dated on or before
-- the window's last day (windows are cumulative horizons and weeks, and a late event can
-- re-cut the sessions after it or move a user's first day); a window is also computed again
-- when it is new or its bounds moved (a horizon or week the world has just completed, an
-- earlier first day), or when its users changed (an account since flagged as a bot). In a
-- daily load that leaves the windows that end before the loads read again (the lookback)
-- and their late rows. A window that no longer exists (a horizon dropped from the vars) is
-- deleted by the pre-hook delete_dropped_windows.
with

all_windows as (
    select
        window_id,
        user_id,
        window_type,
        window_number,
        window_first_date,
        window_last_date,
        reference_window_id,
        observed_days,
        window_start_at,
        window_end_at
    from {{ ref('int_user_windows__enumerated') }}
),

sessions as (
    select
        user_id,
        session_started_at,
        session_started_at_local,
        duration_s,
        engaged_time_s,
        n_events,
        n_impressions,
        scroll_depth_items,
        gap_since_previous_session_min,
        is_late_night,
        is_from_notification,
        last_load_date
    from {{ ref('int_sessions__aggregated') }}
),

post_days as (
    select * from {{ ref('int_user_days__post_events') }}
),

content as (
    select category
    from {{ ref('int_content__clean') }}
),

post_actions as (
    select
        user_id,
        acted_at,
        time_to_act_ms,
        dwell_ms,
        last_load_date
    from {{ ref('int_post_actions__matched') }}
),

notifications as (
    select
        user_id,
        sent_at,
        is_opened,
        open_latency_s
    from {{ ref('int_notifications__clean') }}
),

ad_impressions as (
    select
        user_id,
        shown_at,
        is_clicked,
        is_converted,
        time_to_click_ms
    from {{ ref('int_ad_impressions__clean') }}
),

{% if is_incremental() %}
-- The newest load the last run had read, less the lookback (first_unread_load).
first_unread as (
    select {{ first_unread_load() }} as first_unread_load_date
),

-- The earliest local day on which each source's newly delivered rows fall. A local day
-- begins up to 14 hours before its UTC date (offsets run from -12 to +14 hours), so a UTC
-- timestamp counts from the day before its UTC date. A notification or ad is dated by every
-- row under its id, so that an old row that a new one under the same id now voids counts.
first_touched_days as (
    select min(cast(sessions.session_started_at_local as date)) as first_day
    from sessions
    where sessions.last_load_date >= (select first_unread_load_date from first_unread)
    union all
    select min(post_days.local_date) as first_day
    from post_days
    where post_days.last_load_date >= (select first_unread_load_date from first_unread)
    union all
    select min(cast({{ dbt.dateadd('day', -1, 'cast(post_actions.acted_at as date)') }} as date))
        as first_day
    from post_actions
    where post_actions.last_load_date >= (select first_unread_load_date from first_unread)
    {%- for validated, delivered, id_column, time_column in [
        ('int_notifications__validated', 'stg_platform__notifications', 'notification_id', 'sent_at'),
        ('int_ad_impressions__validated', 'stg_platform__ad_impressions', 'ad_impression_id', 'shown_at'),
    ] %}
    union all
    select min(cast({{ dbt.dateadd('day', -1, 'cast(' ~ time_column ~ ' as date)') }} as date))
        as first_day
    from {{ ref(validated) }}
    where {{ id_column }} in (
        select {{ id_column }}
        from {{ ref(delivered) }}
        where load_date >= (select first_unread_load_date from first_unread)
    )
    {%- endfor %}
),

-- Each (window, user) with the window's bounds and reference: now, and as computed before.
current_windows as (
    select
        window_id,
        user_id,
        window_first_date,
        window_last_date,
        reference_window_id
    from all_windows
),

computed_windows as (
    select
        window_id,
        user_id,
        window_first_date,
        window_last_date,
        reference_window_id
    from {{ this }}
),

windows_to_compute as (
    -- Windows a new load reaches into.
    select distinct window_id
    from all_windows
    where window_last_date >= (select min(first_day) from first_touched_days)
    union
    -- New windows, and windows whose bounds or users changed.
    select window_id
    from (
        select * from current_windows
        except
        select * from computed_windows
    ) as new_rows
    union
    select window_id
    from (
        select * from computed_windows
        except
        select * from current_windows
    ) as dropped_rows
),

windows as (
    select all_windows.*
    from all_windows
    where all_windows.window_id in (select window_id from windows_to_compute)
),
{% else %}
windows as (
    select * from all_windows
),
{% endif %}

n_categories as (
    select count(distinct category) as n_categories
    from content
),

-- Each event source cut to the window: the user's rows from window_start_at to window_end_at.
sessions_in_window as (
    {{ rows_in_window('sessions', 'windows', 'session_started_at', ['observed_days']) }}
),

-- Windows are runs of whole local days: a user's day is in a window when its date is.
post_days_in_window as (
    select
        windows.window_id,
        post_days.*
    from post_days
    inner join windows
        on post_days.user_id = windows.user_id
            and post_days.local_date >= windows.window_first_date
            and post_days.local_date <= windows.window_last_date
),

post_actions_in_window as (
    {{ rows_in_window('post_actions', 'windows', 'acted_at') }}
),

notifications_in_window as (
    {{ rows_in_window('notifications', 'windows', 'sent_at') }}
),

ad_impressions_in_window as (
    {{ rows_in_window('ad_impressions', 'windows', 'shown_at') }}
),

-- The same aggregates as the whole-period feature models, per window.
user_sessions as (
    {{ aggregate_user_sessions('sessions_in_window', keys=['window_id']) }}
),

user_categories as (
    {{ aggregate_user_categories('post_days_in_window', keys=['window_id']) }}
),

user_content as (
    {{ aggregate_user_content(
        'post_days_in_window', 'user_categories', 'n_categories', keys=['window_id']
    ) }}
),

user_actions as (
    {{ aggregate_user_actions(
        'post_days_in_window', 'post_actions_in_window', keys=['window_id']
    ) }}
),

user_notifications as (
    {{ aggregate_user_notifications('notifications_in_window', keys=['window_id']) }}
),

user_ads as (
    {{ aggregate_user_ads('ad_impressions_in_window', keys=['window_id']) }}
),

user_features as (
    {{ join_user_features(
        'user_sessions', 'user_content', 'user_actions', 'user_notifications', 'user_ads',
        keys=['window_id']
    ) }}
),

events_observed as (
    select
        window_id,
        user_id,
        sum(n_events) as n_events,
        max(last_load_date) as last_load_date
    from sessions_in_window
    group by window_id, user_id
),

final as (
    select
        windows.window_type,
        windows.window_number,
        windows.window_first_date,
        windows.window_last_date,
        windows.reference_window_id,
        events_observed.n_events,
        events_observed.last_load_date,
        user_features.*
    from user_features
    inner join windows
        on user_features.window_id = windows.window_id
            and user_features.user_id = windows.user_id
    inner join events_observed
        on user_features.window_id = events_observed.window_id
            and user_features.user_id = events_observed.user_id
)

select * from final
