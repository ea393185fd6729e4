-- The band distribution over time: one row per scoring method per trait per week per band
-- (low, medium, high, zero counts included). Bands are cut at the baseline week's quartiles
-- (fct_user_traits_weekly.baseline_band); within-week bands would be 25/50/25 every week by
-- construction.
with

-- scores of every method (method is part of the grain; the pages show the hand-set ones)
weekly_traits as (
    select
        method,
        trait,
        week_number,
        week_first_date,
        user_id,
        baseline_band
    from {{ ref('fct_user_traits_weekly') }}
),

bands as (
    select
        'low' as band,
        1 as band_order
    union all
    select
        'medium' as band,
        2 as band_order
    union all
    select
        'high' as band,
        3 as band_order
),

weeks as (
    select
        method,
        trait,
        week_number,
        week_first_date,
        count(*) as n_users_in_week
    from weekly_traits
    group by method, trait, week_number, week_first_date
),

band_counts as (
    select
        method,
        trait,
        week_number,
        baseline_band as band,
        count(*) as n_users
    from weekly_traits
    group by method, trait, week_number, baseline_band
),

final as (
    select
        weeks.method,
        weeks.trait,
        weeks.week_number,
        weeks.week_first_date,
        bands.band,
        bands.band_order,
        coalesce(band_counts.n_users, 0) as n_users,
        coalesce(band_counts.n_users, 0) * 1.0 / weeks.n_users_in_week as user_share
    from weeks
    cross join bands
    left join band_counts
        on weeks.method = band_counts.method
            and weeks.trait = band_counts.trait
            and weeks.week_number = band_counts.week_number
            and bands.band = band_counts.band
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(week_number as integer) as week_number,
    cast(week_first_date as date) as week_first_date,
    cast(band as {{ dbt.type_string() }}) as band,
    cast(band_order as integer) as band_order,
    cast(n_users as bigint) as n_users,
    cast(user_share as double) as user_share
from final
