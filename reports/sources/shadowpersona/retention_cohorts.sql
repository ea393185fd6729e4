select
    cohort_week_start,
    strftime(cohort_week_start, '%Y-%m-%d') as cohort_label,
    period_unit,
    cast(period_number as double) as period_number,
    upper(substr(period_unit, 1, 1)) || cast(period_number as varchar) as period_label,
    cast(cohort_size as double) as cohort_size,
    cast(n_observable_users as double) as n_observable_users,
    cast(n_retained_users as double) as n_retained_users,
    retention_share
from marts.fct_retention_cohorts
