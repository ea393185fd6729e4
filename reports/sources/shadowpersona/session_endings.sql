select
    ended_by,
    last_action_type,
    -- Codes in words, for the page.
    case ended_by when 'app_close' then 'Closed the app' else 'Timed out (30 min idle)' end
        as ended_by_label,
    case last_action_type
        when 'impression' then 'Looked at a post'
        when 'rage_click' then 'Rage click'
        else upper(left(last_action_type, 1)) || substr(last_action_type, 2)
    end as last_action_label,
    cast(count(*) as double) as n_sessions
from marts.fct_sessions
group by ended_by, last_action_type
