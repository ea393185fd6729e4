-- Demographic parity of the profiling: for every trait and every demographic group (the
-- columns in var('fairness_group_dimensions')), the group's mean score and share in the high
-- band against the whole profiled population. A group is flagged when its high-band share is
-- below var('fairness_min_high_band_ratio') (the four-fifths rule) times the population's,
-- or above its inverse, and it has at least var('fairness_min_group_users') users.
-- The column lists and unions below are Jinja loops over the vars; sqlfluff's layout rules
-- cannot judge the indentation of loop-generated lines, so only they are switched off.
-- noqa: disable=LT02,LT05
{%- set min_ratio = var('fairness_min_high_band_ratio') %}
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
        score,
        band
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

scored as (
    select
        user_traits.user_id,
        user_traits.trait,
        user_traits.raw_score,
        user_traits.score,
        case when user_traits.band = 'high' then 1.0 else 0.0 end as is_high,
        {%- for dimension in var('fairness_group_dimensions') %}
        users.{{ dimension }}{{ ',' if not loop.last }}
        {%- endfor %}
    from user_traits
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
        score,
        is_high
    from scored
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

population as (
    select
        trait,
        {{ exact_avg('raw_score') }} as population_mean_raw_score,
        avg(score) as population_mean_score,
        avg(is_high) as population_high_band_share
    from scored
    group by trait
),

per_group as (
    select
        trait,
        group_dimension,
        group_value,
        count(*) as n_users,
        {{ exact_avg('raw_score') }} as mean_raw_score,
        avg(score) as mean_score,
        avg(is_high) as high_band_share
    from grouped
    group by all
),

compared as (
    select
        per_group.trait,
        per_group.group_dimension,
        per_group.group_value,
        per_group.n_users,
        per_group.mean_score,
        population.population_mean_score,
        per_group.mean_score - population.population_mean_score as mean_score_gap,
        per_group.mean_raw_score - population.population_mean_raw_score as mean_raw_score_gap,
        per_group.high_band_share,
        population.population_high_band_share,
        per_group.high_band_share - population.population_high_band_share
        as high_band_share_gap,
        per_group.high_band_share
        / nullif(population.population_high_band_share, 0) as high_band_share_ratio
    from per_group
    inner join population
        on per_group.trait = population.trait
),

final as (
    select
        *,
        case
            when n_users < {{ var('fairness_min_group_users') }} then 'too_few_users'
            when high_band_share_ratio < {{ min_ratio }} then 'under_labelled'
            when high_band_share_ratio > 1.0 / {{ min_ratio }} then 'over_labelled'
            else 'within_threshold'
        end as parity_flag
    from compared
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(group_dimension as {{ dbt.type_string() }}) as group_dimension,
    cast(group_value as {{ dbt.type_string() }}) as group_value,
    cast(n_users as bigint) as n_users,
    cast(mean_score as double) as mean_score,
    cast(population_mean_score as double) as population_mean_score,
    cast(mean_score_gap as double) as mean_score_gap,
    cast(mean_raw_score_gap as double) as mean_raw_score_gap,
    cast(high_band_share as double) as high_band_share,
    cast(population_high_band_share as double) as population_high_band_share,
    cast(high_band_share_gap as double) as high_band_share_gap,
    cast(high_band_share_ratio as double) as high_band_share_ratio,
    cast(parity_flag as {{ dbt.type_string() }}) as parity_flag,
    cast(parity_flag in ('under_labelled', 'over_labelled') as boolean) as is_flagged
from final
