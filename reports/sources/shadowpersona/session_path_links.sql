-- The most common session paths (marts.fct_session_paths) as links between consecutive
-- steps, for a Sankey diagram: one row per (step, event) -> (next step, event), with the
-- sessions that took it. Node names carry the step number, so the diagram has no cycles.
with paths as (
    select
        n_sessions,
        string_split(event_path, ' > ') as events
    from marts.fct_session_paths
),

steps as (
    select
        n_sessions,
        events,
        unnest(range(1, len(events))) as step_number
    from paths
),

links as (
    select
        cast(step_number as varchar) || '. ' || replace(events[step_number], '_', ' ')
            as source,
        cast(step_number + 1 as varchar) || '. ' || replace(events[step_number + 1], '_', ' ')
            as target,
        n_sessions
    from steps
)

select
    source,
    target,
    cast(sum(n_sessions) as double) as n_sessions
from links
group by source, target
