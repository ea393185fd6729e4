select
    cast(path_rank as double) as path_rank,
    event_path,
    cast(n_steps as double) as n_steps,
    cast(n_sessions as double) as n_sessions,
    cast(n_users as double) as n_users,
    share_of_sessions
from marts.fct_session_paths
