-- The three features that move each group's scores most against the population.
select
    drivers.trait,
    traits.trait_label,
    drivers.group_dimension,
    drivers.group_value,
    -- What a reader sees ("Age 55-64", "Gender: non-binary"), not the codes.
    case drivers.group_dimension
        when 'age_band' then 'Age ' || drivers.group_value
        when 'gender' then 'Gender: ' || replace(drivers.group_value, '_', '-')
        when 'country_code' then 'Country: ' || drivers.group_value
        else drivers.group_dimension || ': ' || drivers.group_value
    end as group_label,
    drivers.feature_name,
    drivers.plain_language,
    drivers.mean_contribution,
    drivers.population_mean_contribution,
    drivers.contribution_gap,
    cast(drivers.gap_rank as double) as gap_rank
from marts.fct_fairness_group_drivers as drivers
inner join marts.dim_traits as traits
    on drivers.trait = traits.trait
where drivers.gap_rank <= 3
