-- The most common ways a session begins: its first var('path_length') steps, where a step is
-- an event type with consecutive repeats collapsed (ten impressions in a row are one
-- "impression" step) and "end" marks a session that ended within those steps.
with

session_events as (
    select
        session_id,
        user_id,
        event_type,
        event_index
    from {{ ref('int_sessions__events') }}
),

events_with_previous as (
    select
        *,
        lag(event_type) over (partition by session_id order by event_index) as previous_event_type
    from session_events
),

steps as (
    select
        session_id,
        user_id,
        event_type as step,
        row_number() over (partition by session_id order by event_index) as step_index
    from events_with_previous
    where previous_event_type is null or previous_event_type != event_type
),

steps_with_end as (
    select
        session_id,
        user_id,
        step,
        step_index
    from steps
    where step_index <= {{ var('path_length') }}

    union all

    select
        session_id,
        user_id,
        'end' as step,
        max(step_index) + 1 as step_index
    from steps
    group by all
    having max(step_index) < {{ var('path_length') }}
),

session_paths as (
    select
        session_id,
        user_id,
        {{ dbt.listagg('step', "' > '", 'order by step_index') }} as event_path,
        count(*) as n_steps
    from steps_with_end
    group by all
),

path_counts as (
    select
        event_path,
        n_steps,
        count(*) as n_sessions,
        count(distinct user_id) as n_users
    from session_paths
    group by all
),

ranked as (
    select
        *,
        row_number() over (order by n_sessions desc, event_path asc) as path_rank,
        cast(n_sessions as double) / sum(n_sessions) over () as share_of_sessions
    from path_counts
),

final as (
    select
        cast(path_rank as bigint) as path_rank,
        event_path,
        cast(n_steps as bigint) as n_steps,
        cast(n_sessions as bigint) as n_sessions,
        cast(n_users as bigint) as n_users,
        share_of_sessions
    from ranked
    where path_rank <= {{ var('top_paths_k') }}
)

select * from final
