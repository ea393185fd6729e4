{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="window_id",
    on_schema_change="fail",
    pre_hook="{{ delete_dropped_windows() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert.
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
-- Incremental (delete+insert by window): a run computes again, whole, each window a new load
-- could have changed and keeps the rest (which, and why: macros/windows_to_compute.sql).
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

{{ windows_to_compute() }},

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
