select
    bands.method,
    bands.trait,
    traits.trait_label,
    bands.week_number,
    bands.week_first_date,
    'week ' || cast(bands.week_number as varchar) as week_label,
    bands.band,
    bands.band_order,
    cast(bands.n_users as double) as n_users,
    bands.user_share
from marts.fct_trait_bands_weekly as bands
inner join marts.dim_traits as traits
    on bands.trait = traits.trait
