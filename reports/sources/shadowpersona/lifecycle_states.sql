select
    period_unit,
    period_start,
    lifecycle_state,
    cast(count(*) as double) as n_users
from marts.fct_user_lifecycle
group by period_unit, period_start, lifecycle_state
