select
    parity.trait,
    traits.trait_label,
    parity.group_dimension,
    parity.group_value,
    -- What a reader sees ("Age 55-64", "Gender: non-binary"), not the codes.
    case parity.group_dimension
        when 'age_band' then 'Age ' || parity.group_value
        when 'gender' then 'Gender: ' || replace(parity.group_value, '_', '-')
        when 'country_code' then 'Country: ' || parity.group_value
        else parity.group_dimension || ': ' || parity.group_value
    end as group_label,
    cast(parity.n_users as double) as n_users,
    parity.mean_score,
    parity.population_mean_score,
    parity.mean_score_gap,
    parity.high_band_share,
    parity.population_high_band_share,
    parity.high_band_share_gap,
    parity.high_band_share_ratio,
    parity.parity_flag,
    case parity.parity_flag
        when 'over_labelled' then 'Over-labelled'
        when 'under_labelled' then 'Under-labelled'
        when 'too_few_users' then 'Too few users to flag'
        else 'Within the band'
    end as parity_flag_label,
    parity.is_flagged
from marts.fct_fairness_group_traits as parity
inner join marts.dim_traits as traits
    on parity.trait = traits.trait
