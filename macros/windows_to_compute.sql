{#
    The windows int_user_features__by_window computes, as CTEs ending in `windows` (the rows
    of `all_windows` to compute): every window in a full build; in an incremental run, those
    in `windows_to_compute`:
    Incremental (delete+insert by window): a run computes again, for every user, each window
    that a new load could have changed, and keeps the others as they are. Whole windows, not
    (window, user) pairs: a user's smoothed ad rates lean on the whole window's population
    (aggregate_user_ads). A load changes a window when it delivers a row dated on or before
    the window's last day (windows are cumulative horizons and weeks, and a late event can
    re-cut the sessions after it or move a user's first day); a window is also computed again
    when it is new or its bounds moved (a horizon or week the world has just completed, an
    earlier first day), or when its users changed (an account since flagged as a bot). In a
    daily load that leaves the windows that end before the loads read again (the lookback)
    and their late rows. A window that no longer exists (a horizon dropped from the vars) is
    deleted by the pre-hook delete_dropped_windows.
    `all_windows`, `sessions`, `post_days` and `post_actions` are the
    model's CTEs of those names; the model declares `-- depends_on:` the four relations
    referenced here, which dbt cannot see in a full build's parse.
#}
{% macro windows_to_compute() -%}
{%- if is_incremental() %}
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
)
{%- else %}
windows as (
    select * from all_windows
)
{%- endif %}
{%- endmacro %}
