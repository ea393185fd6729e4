{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="delete+insert",
    unique_key="event_id",
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete+insert.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- Likes, comments and shares, each matched to the view of the same post that it followed
-- (the latest view of that post by that user at or before the action): one row per action.
-- Done once here; the per-user and per-window aggregates only filter and summarise these
-- rows. An as-of join of the actions onto the views, not a running count of views over every
-- post event: the same matches at 10M events, in half the time.
--
-- Incremental (delete+insert by event_id): a newly delivered view or action of a post can
-- only change the match of that user's actions on that post from its time on, so a run
-- matches again those actions, against every view of those (user, post) pairs.
with

all_post_events as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at,
        last_load_date
    from {{ ref('int_events__clean') }}
    where
        event_type in ('impression', 'like', 'comment', 'share')
        and content_id is not null
),

{% if is_incremental() %}
rematch_points as (
    -- Each (user, post) pair with a newly delivered event, from the first such event on.
    select
        user_id,
        content_id,
        min(event_at) as rematch_from_at
    from all_post_events
    where last_load_date >= {{ first_unread_load() }}
    group by user_id, content_id
),

post_events as (
    select
        all_post_events.*,
        all_post_events.event_at >= rematch_points.rematch_from_at as is_rematched
    from all_post_events
    inner join rematch_points
        on
            all_post_events.user_id = rematch_points.user_id
            and all_post_events.content_id = rematch_points.content_id
),
{% else %}
post_events as (
    select
        *,
        true as is_rematched
    from all_post_events
),
{% endif %}

actions as (
    select
        event_id,
        user_id,
        content_id,
        event_type,
        event_at as acted_at,
        last_load_date
    from post_events
    where event_type in ('like', 'comment', 'share') and is_rematched
),

views as (
    select
        user_id,
        content_id,
        dwell_ms,
        event_at as viewed_at,
        {{ asof_next_time('event_at', 'user_id, content_id', 'event_at, event_id') }}
            as next_viewed_at
    from post_events
    where event_type = 'impression'
),

final as (
    select
        actions.event_id,
        actions.user_id,
        actions.content_id,
        actions.event_type,
        actions.acted_at,
        views.viewed_at,
        {{ dbt.datediff('views.viewed_at', 'actions.acted_at', 'millisecond') }}
            as time_to_act_ms,
        views.dwell_ms,
        actions.last_load_date
    from actions
    {{ asof_join(
        'views',
        'actions.user_id = views.user_id and actions.content_id = views.content_id',
        'actions.acted_at',
        'views.viewed_at',
        'views.next_viewed_at',
    ) }}
)

select * from final
