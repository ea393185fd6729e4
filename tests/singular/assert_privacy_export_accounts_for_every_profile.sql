-- The k-anonymised export drops nobody silently: every profiled user of dim_users is either
-- published in fct_privacy_export_profiles (with one row per trait in
-- fct_privacy_export_traits) or counted as suppressed, in fct_privacy_summary and as the
-- last step's n_still_below_k in fct_privacy_export_steps. Returns a row if any count differs.
with

profiled as (
    select count(*) as n_profiled
    from {{ ref('dim_users') }}
    where is_profiled
),

published as (
    select count(*) as n_published
    from {{ ref('fct_privacy_export_profiles') }}
),

published_traits as (
    select count(*) as n_published_traits
    from {{ ref('fct_privacy_export_traits') }}
),

traits as (
    select count(*) as n_traits
    from {{ ref('traits') }}
),

summary as (
    select
        n_profiles_in,
        n_profiles,
        n_suppressed
    from {{ ref('fct_privacy_summary') }}
    where dataset = 'k_anonymised_export'
),

last_step as (
    select n_still_below_k
    from {{ ref('fct_privacy_export_steps') }}
    order by generalisation_step desc
    limit 1
)

select
    profiled.n_profiled,
    summary.n_profiles_in,
    published.n_published,
    summary.n_suppressed,
    last_step.n_still_below_k,
    published_traits.n_published_traits
from profiled
cross join published
cross join published_traits
cross join traits
cross join summary
cross join last_step
where not (
        profiled.n_profiled = summary.n_profiles_in
        and summary.n_profiles_in = published.n_published + summary.n_suppressed
        and summary.n_profiles = published.n_published
        and last_step.n_still_below_k = summary.n_suppressed
        and published_traits.n_published_traits = published.n_published * traits.n_traits
    )
