{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="replace_tail",
    unique_key=["user_id", "session_number"],
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- Every funnel milestone a session reached, with the first time it did: each event type,
-- `engage` (the first like, comment or share) and `session_length` (reached when the session
-- starts; the funnel step adds its min_session_minutes). The vocabulary is documented on
-- seeds/funnel_steps. int_funnel__session_progress and int_funnel__notification_progress
-- read it.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's milestones from the first session holding a newly delivered event, as
-- int_sessions__paths does.
with

all_session_events as (
    select
        user_id,
        session_number,
        event_type,
        event_at,
        last_load_date
    from {{ ref('int_sessions__events') }}
),

{% if is_incremental() %}
rebuild_points as (
    {{ first_touched_sessions('all_session_events') }}
),
{% endif %}

session_events as (
    {{ from_first_touched_session('all_session_events') }}
),

all_sessions as (
    select
        session_id,
        user_id,
        session_number,
        session_started_at,
        duration_s,
        last_load_date
    from {{ ref('int_sessions__aggregated') }}
),

sessions as (
    {{ from_first_touched_session('all_sessions') }}
),

event_milestones as (
    select
        user_id,
        session_number,
        event_type as milestone,
        min(event_at) as reached_at,
        cast(null as double) as duration_s
    from session_events
    group by user_id, session_number, event_type

    union all

    select
        user_id,
        session_number,
        'engage' as milestone,
        min(event_at) as reached_at,
        cast(null as double) as duration_s
    from session_events
    where event_type in ('like', 'comment', 'share')
    group by user_id, session_number
),

final as (
    select
        sessions.session_id,
        event_milestones.user_id,
        event_milestones.session_number,
        event_milestones.milestone,
        event_milestones.reached_at,
        event_milestones.duration_s,
        sessions.last_load_date
    from event_milestones
    inner join sessions
        on
            event_milestones.user_id = sessions.user_id
            and event_milestones.session_number = sessions.session_number

    union all

    select
        session_id,
        user_id,
        session_number,
        'session_length' as milestone,
        session_started_at as reached_at,
        cast(duration_s as double) as duration_s,
        last_load_date
    from sessions
)

select * from final
