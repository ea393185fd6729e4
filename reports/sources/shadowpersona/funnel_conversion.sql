select
    funnel,
    entity,
    step_number,
    cast(step_number as varchar) || '. ' || step_label as step_label,
    trait,
    band,
    cast(n_entered as double) as n_entered,
    cast(n_reached as double) as n_reached,
    cast(n_dropped as double) as n_dropped,
    conversion_from_start,
    conversion_from_previous,
    drop_off_from_previous
from marts.fct_funnel_conversion
