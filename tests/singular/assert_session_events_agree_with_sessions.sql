-- feat_session_events repeats feat_sessions' sessionisation at event grain (funnels and paths
-- need it). Both must cut the clickstream identically: same sessions, same event counts.
with

from_events as (
    select
        session_id,
        count(*) as n_events
    from {{ ref('feat_session_events') }}
    group by session_id
),

sessions as (
    select
        session_id,
        n_events
    from {{ ref('feat_sessions') }}
)

select
    coalesce(sessions.session_id, from_events.session_id) as session_id,
    sessions.n_events as n_events_in_sessions,
    from_events.n_events as n_events_in_session_events
from sessions
full outer join from_events
    on sessions.session_id = from_events.session_id
where sessions.n_events is null
    or from_events.n_events is null
    or sessions.n_events != from_events.n_events
