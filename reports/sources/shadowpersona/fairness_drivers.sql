-- The three features that move each group's scores most against the population.
select
    drivers.trait,
    traits.trait_label,
    drivers.group_dimension,
    drivers.group_value,
    drivers.group_dimension || ' = ' || drivers.group_value as group_label,
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
