select
    ended_by,
    last_action_type,
    cast(count(*) as double) as n_sessions
from marts.fct_sessions
group by ended_by, last_action_type
