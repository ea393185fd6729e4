-- A group's feature contribution gaps (fct_fairness_group_drivers) must add up to its mean
-- raw-score gap (fct_fairness_group_traits): raw scores are sums of contributions, so the
-- "why" of a group's difference accounts for all of it. Returns the groups where it does not.
with

drivers as (
    select
        trait,
        group_dimension,
        group_value,
        sum(contribution_gap) as sum_of_gaps
    from {{ ref('fct_fairness_group_drivers') }}
    group by all
),

group_traits as (
    select
        trait,
        group_dimension,
        group_value,
        mean_raw_score_gap
    from {{ ref('fct_fairness_group_traits') }}
)

select
    group_traits.trait,
    group_traits.group_dimension,
    group_traits.group_value,
    group_traits.mean_raw_score_gap,
    drivers.sum_of_gaps
from group_traits
left join drivers
    on group_traits.trait = drivers.trait
        and group_traits.group_dimension = drivers.group_dimension
        and group_traits.group_value = drivers.group_value
where drivers.sum_of_gaps is null
    or abs(drivers.sum_of_gaps - group_traits.mean_raw_score_gap) > 1e-9
