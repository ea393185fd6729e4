-- The six profiled traits in words: one row per trait, with its band sizes.
with

traits as (
    select
        trait,
        trait_label,
        description,
        high_band_means
    from {{ ref('traits') }}
),

user_traits as (
    select
        trait,
        band
    from {{ ref('fct_user_traits') }}
    -- hand-set scores: the published bands; the learned scores are compared in the eval_ marts
    where method = 'hand-set'
),

band_sizes as (
    select
        trait,
        count(*) as n_users,
        sum(case when band = 'high' then 1 else 0 end) as n_high,
        sum(case when band = 'medium' then 1 else 0 end) as n_medium,
        sum(case when band = 'low' then 1 else 0 end) as n_low
    from user_traits
    group by trait
)

select
    cast(traits.trait as {{ dbt.type_string() }}) as trait,
    cast(traits.trait_label as {{ dbt.type_string() }}) as trait_label,
    cast(traits.description as {{ dbt.type_string() }}) as description,
    cast(traits.high_band_means as {{ dbt.type_string() }}) as high_band_means,
    cast(coalesce(band_sizes.n_users, 0) as bigint) as n_users,
    cast(coalesce(band_sizes.n_high, 0) as bigint) as n_high,
    cast(coalesce(band_sizes.n_medium, 0) as bigint) as n_medium,
    cast(coalesce(band_sizes.n_low, 0) as bigint) as n_low
from traits
left join band_sizes
    on traits.trait = band_sizes.trait
