-- The most common ways a session begins: the paths of int_sessions__paths (the first
-- var('path_length') steps of each session, repeats collapsed, `end` if it ended within
-- them), counted and ranked.
with

session_paths as (
    select
        user_id,
        event_path,
        n_steps
    from {{ ref('int_sessions__paths') }}
),

path_counts as (
    select
        event_path,
        n_steps,
        count(*) as n_sessions,
        count(distinct user_id) as n_users
    from session_paths
    group by event_path, n_steps
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
