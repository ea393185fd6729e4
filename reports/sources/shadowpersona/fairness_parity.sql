select
    parity.trait,
    traits.trait_label,
    parity.group_dimension,
    parity.group_value,
    parity.group_dimension || ' = ' || parity.group_value as group_label,
    cast(parity.n_users as double) as n_users,
    parity.mean_score,
    parity.population_mean_score,
    parity.mean_score_gap,
    parity.high_band_share,
    parity.population_high_band_share,
    parity.high_band_share_gap,
    parity.high_band_share_ratio,
    parity.parity_flag,
    parity.is_flagged
from marts.fct_fairness_group_traits as parity
inner join marts.dim_traits as traits
    on parity.trait = traits.trait
