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
-- How each session began: its first var('path_length') steps, where a step is an event type
-- with consecutive repeats collapsed (ten impressions in a row are one "impression" step)
-- and `end` marks a session that ended within those steps. fct_session_paths counts them.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's sessions from the first one holding a newly delivered event
-- (int_sessions__events re-cuts sessions from there on), as int_sessions__steps does.
with

all_session_events as (
    select
        session_id,
        user_id,
        session_number,
        event_type,
        event_index,
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

events_with_previous as (
    select
        *,
        lag(event_type) over session_timeline as previous_event_type
    from session_events
    window session_timeline as (partition by user_id, session_number order by event_index)
),

steps as (
    select
        session_id,
        user_id,
        session_number,
        event_type as step,
        row_number() over (
            partition by user_id, session_number order by event_index
        ) as step_index,
        last_load_date
    from events_with_previous
    where previous_event_type is null or previous_event_type != event_type
),

session_steps as (
    -- One pass over the steps for both the `end` step and the newest load (of the events
    -- that begin a step: a repeat delivered later can only make a run read more loads).
    select
        session_id,
        user_id,
        session_number,
        max(step_index) as n_collapsed_steps,
        max(last_load_date) as last_load_date
    from steps
    group by session_id, user_id, session_number
),

steps_with_end as (
    select
        session_id,
        user_id,
        session_number,
        step,
        step_index
    from steps
    where step_index <= {{ var('path_length') }}

    union all

    select
        session_id,
        user_id,
        session_number,
        'end' as step,
        n_collapsed_steps + 1 as step_index
    from session_steps
    where n_collapsed_steps < {{ var('path_length') }}
),

session_paths as (
    select
        session_id,
        user_id,
        session_number,
        {{ dbt.listagg('step', "' > '", 'order by step_index') }} as event_path,
        count(*) as n_steps
    from steps_with_end
    group by session_id, user_id, session_number
),

final as (
    select
        session_paths.session_id,
        session_paths.user_id,
        session_paths.session_number,
        session_paths.event_path,
        cast(session_paths.n_steps as bigint) as n_steps,
        session_steps.last_load_date
    from session_paths
    inner join session_steps
        on
            session_paths.user_id = session_steps.user_id
            and session_paths.session_number = session_steps.session_number
)

select * from final
