-- Where the scoring is wrong differently for different groups: for every trait and
-- demographic group, how well the scores recover the planted latent trait inside the group
-- (Spearman's rho, average ranks within the group), the false-high rate (the share labelled
-- high among those whose true trait is not in the population's top quartile) and the miss
-- rate (the share not labelled high among those whose true trait is). Reads the ground
-- truth, like eval_trait_recovery: a check on the method, not a profile.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
with

users as (
    select
        user_id,
        {%- for dimension in var('fairness_group_dimensions') %}
        {{ dimension }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('dim_users') }}
),

-- hand-set scores: the published profile (the learned scores are compared in the eval_ marts)
user_traits as (
    select
        user_id,
        trait,
        raw_score,
        band
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

latent_traits as (
    select
        user_id,
        trait,
        latent_score
    from {{ ref('stg_ground_truth__latent_traits') }}
),

paired as (
    select
        user_traits.user_id,
        user_traits.trait,
        user_traits.raw_score,
        latent_traits.latent_score,
        case when user_traits.band = 'high' then 1 else 0 end as is_labelled_high,
        {%- for dimension in var('fairness_group_dimensions') %}
        users.{{ dimension }},
        {%- endfor %}
        -- The truth's top quartile over the whole population, as in eval_trait_recovery.
        case
            when percent_rank() over (
                partition by user_traits.trait order by latent_traits.latent_score
            ) >= 0.75 then 1
            else 0
        end as is_truly_high
    from user_traits
    inner join latent_traits
        on user_traits.user_id = latent_traits.user_id
            and user_traits.trait = latent_traits.trait
    inner join users
        on user_traits.user_id = users.user_id
),

grouped as (
    {%- for dimension in var('fairness_group_dimensions') %}
    select
        trait,
        '{{ dimension }}' as group_dimension,
        cast({{ dimension }} as {{ dbt.type_string() }}) as group_value,
        raw_score,
        latent_score as reference_score,
        is_labelled_high,
        is_truly_high
    from paired
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

recovery as (
    -- Undefined (null, not NaN) for one user or a group tied on either side: a small world
    -- has such groups.
    {{ recovery_statistics(
        'grouped', ['trait', 'group_dimension', 'group_value'], no_spread='null'
    ) }}
),

-- The labels against the truth's top quartile over the whole population (is_truly_high),
-- not the group's own quartile that the recovery statistics' AUC uses.
per_group as (
    select
        trait,
        group_dimension,
        group_value,
        sum(1 - is_truly_high) as n_truly_not_high,
        sum(is_labelled_high * (1 - is_truly_high)) as n_false_high,
        sum(is_truly_high) as n_truly_high,
        sum((1 - is_labelled_high) * is_truly_high) as n_missed_high
    from grouped
    group by all
),

population as (
    select
        trait,
        sum(is_labelled_high * (1 - is_truly_high)) * 1.0
        / nullif(sum(1 - is_truly_high), 0) as population_false_high_rate,
        sum((1 - is_labelled_high) * is_truly_high) * 1.0
        / nullif(sum(is_truly_high), 0) as population_miss_rate
    from paired
    group by trait
),

final as (
    select
        per_group.trait,
        per_group.group_dimension,
        per_group.group_value,
        recovery.n_users,
        recovery.spearman_rho,
        per_group.n_truly_not_high,
        per_group.n_false_high,
        per_group.n_false_high * 1.0 / nullif(per_group.n_truly_not_high, 0)
        as false_high_rate,
        population.population_false_high_rate,
        per_group.n_truly_high,
        per_group.n_missed_high,
        per_group.n_missed_high * 1.0 / nullif(per_group.n_truly_high, 0) as miss_rate,
        population.population_miss_rate
    from per_group
    inner join recovery
        on per_group.trait = recovery.trait
            and per_group.group_dimension = recovery.group_dimension
            and per_group.group_value is not distinct from recovery.group_value
    inner join population
        on per_group.trait = population.trait
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(group_dimension as {{ dbt.type_string() }}) as group_dimension,
    cast(group_value as {{ dbt.type_string() }}) as group_value,
    cast(n_users as bigint) as n_users,
    cast(spearman_rho as double) as spearman_rho,
    cast(n_truly_not_high as bigint) as n_truly_not_high,
    cast(n_false_high as bigint) as n_false_high,
    cast(false_high_rate as double) as false_high_rate,
    cast(population_false_high_rate as double) as population_false_high_rate,
    cast(n_truly_high as bigint) as n_truly_high,
    cast(n_missed_high as bigint) as n_missed_high,
    cast(miss_rate as double) as miss_rate,
    cast(population_miss_rate as double) as population_miss_rate
from final
