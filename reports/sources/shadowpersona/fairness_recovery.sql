select
    recovery.trait,
    traits.trait_label,
    recovery.group_dimension,
    recovery.group_value,
    -- What a reader sees ("Age 55-64", "Gender: non-binary"), not the codes.
    case recovery.group_dimension
        when 'age_band' then 'Age ' || recovery.group_value
        when 'gender' then 'Gender: ' || replace(recovery.group_value, '_', '-')
        when 'country_code' then 'Country: ' || recovery.group_value
        else recovery.group_dimension || ': ' || recovery.group_value
    end as group_label,
    cast(recovery.n_users as double) as n_users,
    recovery.spearman_rho,
    cast(recovery.n_truly_not_high as double) as n_truly_not_high,
    cast(recovery.n_false_high as double) as n_false_high,
    recovery.false_high_rate,
    recovery.population_false_high_rate,
    recovery.miss_rate,
    recovery.population_miss_rate,
    cast(recovery.n_truly_high as double) * 1.0 / recovery.n_users as truly_high_share
from marts.eval_fairness_group_recovery as recovery
inner join marts.dim_traits as traits
    on recovery.trait = traits.trait
