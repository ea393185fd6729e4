select
    week_number,
    week_first_date,
    'week ' || cast(week_number as varchar) as week_label,
    persona,
    persona_label,
    persona_priority,
    cast(n_users as double) as n_users,
    user_share
from marts.fct_persona_shares_weekly
