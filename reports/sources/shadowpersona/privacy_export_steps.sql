select
    cast(generalisation_step as double) as generalisation_step,
    coalesce(quasi_identifier_raised, '(none: full precision)') as quasi_identifier_raised,
    hierarchy_levels,
    cast(n_considered as double) as n_considered,
    cast(n_published as double) as n_published,
    cast(n_still_below_k as double) as n_still_below_k
from marts.fct_privacy_export_steps
