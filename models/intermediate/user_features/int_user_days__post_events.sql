{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key=["user_id", "local_date"],
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- What each user did with posts on each of their local days, per content category: the
-- compact input of the content, category and action features, for the whole period and for
-- every window (int_user_features__by_window), so that no feature reads the clickstream once
-- per window it falls in. A local day is the user's own calendar day (UTC plus
-- utc_offset_minutes), the unit windows are cut in. Sums of doubles stay exact decimals
-- (exact_sum's), so that adding up days gives the value adding up the events gives.
--
-- Incremental (delete+insert by user and local day): a run adds up again every local day
-- of a user that a newly delivered event fell on, from all of that day's events.
with

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('int_users__clean') }}
),

all_post_events as (
    select
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at,
        last_load_date
    from {{ ref('int_events__clean') }}
    where event_type in ('impression', 'like', 'comment', 'share', 'rage_click')
),

content as (
    select
        content_id,
        category,
        is_high_outrage,
        is_negative
    from {{ ref('int_content__clean') }}
),

all_post_events_on_local_days as (
    select
        all_post_events.user_id,
        cast(
            {{ dbt.dateadd('minute', 'users.utc_offset_minutes', 'all_post_events.event_at') }}
            as date
        ) as local_date,
        all_post_events.content_id,
        all_post_events.event_type,
        all_post_events.dwell_ms,
        all_post_events.last_load_date
    from all_post_events
    inner join users
        on all_post_events.user_id = users.user_id
    {%- if is_incremental() %}
    -- Only events near the days a run adds up again: a local day begins at most a day
    -- before its UTC date (offsets are within -12 and +14 hours).
    where all_post_events.event_at >= (
        select {{ dbt.dateadd('day', -1, 'cast(min(event_at) as date)') }}
        from all_post_events
        where last_load_date >= {{ first_unread_load() }}
    )
    {%- endif %}
),

{% if is_incremental() %}
days_to_add_up as (
    select distinct
        user_id,
        local_date
    from all_post_events_on_local_days
    where last_load_date >= {{ first_unread_load() }}
),

post_events_on_local_days as (
    select all_post_events_on_local_days.*
    from all_post_events_on_local_days
    inner join days_to_add_up
        on
            all_post_events_on_local_days.user_id = days_to_add_up.user_id
            and all_post_events_on_local_days.local_date = days_to_add_up.local_date
),
{% else %}
post_events_on_local_days as (
    select * from all_post_events_on_local_days
),
{% endif %}

post_events_with_content as (
    select
        post_events_on_local_days.user_id,
        post_events_on_local_days.local_date,
        post_events_on_local_days.event_type,
        post_events_on_local_days.dwell_ms,
        post_events_on_local_days.last_load_date,
        content.category,
        content.is_high_outrage,
        content.is_negative
    from post_events_on_local_days
    -- A post event without a post (no content_id) still counts as an action.
    left join content
        on post_events_on_local_days.content_id = content.content_id
),

-- One 0/1 (or weight) per event and measure, so that a day's measure is a plain sum.
event_measures as (
    select
        user_id,
        local_date,
        category,
        last_load_date,
        case when event_type = 'impression' then 1 else 0 end as n_impressions,
        case when event_type = 'like' then 1 else 0 end as n_likes,
        case when event_type = 'comment' then 1 else 0 end as n_comments,
        case when event_type = 'share' then 1 else 0 end as n_shares,
        case when event_type = 'rage_click' then 1 else 0 end as n_rage_clicks,
        case when event_type <> 'rage_click' then dwell_ms end as dwell_ms,
        case when event_type = 'impression' and is_high_outrage then 1 else 0 end
            as n_high_outrage_impressions,
        case when event_type = 'share' and is_high_outrage then 1 else 0 end
            as n_high_outrage_shares,
        case
            when event_type = 'like' and is_negative then 1
            when event_type = 'comment' and is_negative then 2
            when event_type = 'share' and is_negative then 3
            else 0
        end as weighted_negative_engagements,
        case when event_type = 'impression' and is_high_outrage then ln(dwell_ms) end
            as log_dwell_high_outrage,
        case when event_type = 'impression' and not is_high_outrage then ln(dwell_ms) end
            as log_dwell_other
    from post_events_with_content
),

final as (
    select
        user_id,
        local_date,
        category,
        -- Counts as bigints: DuckDB's sum of integers is a 128-bit integer, which made the
        -- models that add these rows up 2x slower.
        {%- for measure in [
            'n_impressions', 'n_likes', 'n_comments', 'n_shares', 'n_rage_clicks', 'dwell_ms',
            'n_high_outrage_impressions', 'n_high_outrage_shares',
            'weighted_negative_engagements'
        ] %}
        cast(sum({{ measure }}) as {{ dbt.type_bigint() }}) as {{ measure }},
        {%- endfor %}
        sum({{ exact_decimal('log_dwell_high_outrage') }}) as sum_log_dwell_high_outrage,
        count(log_dwell_high_outrage) as n_log_dwell_high_outrage,
        sum({{ exact_decimal('log_dwell_other') }}) as sum_log_dwell_other,
        count(log_dwell_other) as n_log_dwell_other,
        max(last_load_date) as last_load_date
    from event_measures
    group by user_id, local_date, category
)

select * from final
