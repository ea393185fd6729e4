-- Incremental runs re-cut sessions from a point in each user's timeline and number on from
-- the sessions before it: a user's sessions must still be numbered 1..n, and each session's
-- events 1..m, exactly as a full rebuild numbers them. Returns the users where not.
with

sessions as (
    select
        user_id,
        session_number,
        count(*) as n_events,
        max(event_index) as max_event_index,
        count(distinct event_index) as n_event_indexes
    from {{ ref('int_sessions__events') }}
    group by user_id, session_number
),

users as (
    select
        user_id,
        count(*) as n_sessions,
        max(session_number) as max_session_number,
        min(session_number) as min_session_number,
        sum(case when max_event_index != n_events or n_event_indexes != n_events then 1 else 0 end)
            as n_badly_indexed_sessions
    from sessions
    group by user_id
)

select *
from users
where
    min_session_number != 1
    or max_session_number != n_sessions
    or n_badly_indexed_sessions > 0
