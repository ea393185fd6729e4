select
    psi.method,
    psi.trait,
    traits.trait_label,
    psi.week_number,
    psi.week_first_date,
    'week ' || cast(psi.week_number as varchar) as week_label,
    cast(psi.n_users as double) as n_users,
    cast(psi.n_baseline_users as double) as n_baseline_users,
    psi.mean_raw_score_shift,
    psi.psi,
    psi.stability
from marts.fct_trait_psi_weekly as psi
inner join marts.dim_traits as traits
    on psi.trait = traits.trait
