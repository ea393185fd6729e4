-- Why a group scores differently: for every trait, demographic group and scoring feature,
-- the group's mean contribution against the population's. Because a raw score is the sum of
-- its contributions, a group's contribution gaps add up exactly to its mean raw-score gap
-- in fct_fairness_group_traits; gap_rank 1 is the feature that drives it most.
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
explanations as (
    select
        user_id,
        trait,
        feature_name,
        plain_language,
        contribution
    from {{ ref('fct_trait_explanations') }}
    where method = 'hand-set'
),

contributions as (
    select
        explanations.trait,
        explanations.feature_name,
        explanations.plain_language,
        explanations.contribution,
        {%- for dimension in var('fairness_group_dimensions') %}
        users.{{ dimension }}{{ ',' if not loop.last }}
        {%- endfor %}
    from explanations
    inner join users
        on explanations.user_id = users.user_id
),

population as (
    select
        trait,
        feature_name,
        {{ exact_avg('contribution') }} as population_mean_contribution
    from contributions
    group by all
),

grouped as (
    {%- for dimension in var('fairness_group_dimensions') %}
    select
        trait,
        '{{ dimension }}' as group_dimension,
        cast({{ dimension }} as {{ dbt.type_string() }}) as group_value,
        feature_name,
        plain_language,
        {{ exact_avg('contribution') }} as mean_contribution
    from contributions
    group by all
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        grouped.trait,
        grouped.group_dimension,
        grouped.group_value,
        grouped.feature_name,
        grouped.plain_language,
        grouped.mean_contribution,
        population.population_mean_contribution,
        grouped.mean_contribution - population.population_mean_contribution
        as contribution_gap,
        row_number() over (
            partition by grouped.trait, grouped.group_dimension, grouped.group_value
            order by
                abs(grouped.mean_contribution - population.population_mean_contribution) desc,
                grouped.feature_name
        ) as gap_rank
    from grouped
    inner join population
        on grouped.trait = population.trait
            and grouped.feature_name = population.feature_name
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(group_dimension as {{ dbt.type_string() }}) as group_dimension,
    cast(group_value as {{ dbt.type_string() }}) as group_value,
    cast(feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(plain_language as {{ dbt.type_string() }}) as plain_language,
    cast(mean_contribution as double) as mean_contribution,
    cast(population_mean_contribution as double) as population_mean_contribution,
    cast(contribution_gap as double) as contribution_gap,
    cast(gap_rank as integer) as gap_rank
from final
