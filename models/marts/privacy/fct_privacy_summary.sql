-- The privacy audit in one row per dataset: k-anonymity (the smallest equivalence class),
-- how many profiles fall in classes smaller than var('privacy_k'), the prosecutor
-- re-identification risk (maximum and average), sample uniques, l-diversity of the trait
-- bands, and for the export how many profiles were generalised or suppressed.
with

record_risk as (
    select
        dataset,
        user_id,
        class_id,
        class_size,
        prosecutor_risk,
        is_sample_unique,
        is_below_k
    from {{ ref('fct_privacy_record_risk') }}
),

class_diversity as (
    select
        dataset,
        n_distinct_bands
    from {{ ref('fct_privacy_class_diversity') }}
),

generalisation as (
    select
        user_id,
        generalisation_step,
        is_suppressed
    from {{ ref('int_users__privacy_generalisation') }}
),

profiles_in as (
    select
        count(*) as n_profiles_in,
        count(case when generalisation_step = 0 then 1 end) as n_published_unchanged,
        count(case when generalisation_step > 0 then 1 end) as n_generalised,
        count(case when is_suppressed then 1 end) as n_suppressed
    from generalisation
),

risk_per_dataset as (
    select
        dataset,
        count(*) as n_profiles,
        count(distinct class_id) as n_classes,
        min(class_size) as k_anonymity,
        count(case when is_below_k then 1 end) as n_below_k,
        count(case when is_sample_unique then 1 end) as n_sample_uniques,
        max(prosecutor_risk) as max_prosecutor_risk,
        -- The mean of 1 / class size over the records is exactly classes / records (each
        -- class adds up to 1); computed so, it is exact rather than a float sum.
        count(distinct class_id) * 1.0 / count(*) as avg_prosecutor_risk
    from record_risk
    group by dataset
),

diversity_per_dataset as (
    select
        dataset,
        min(n_distinct_bands) as l_diversity
    from class_diversity
    group by dataset
),

final as (
    select
        risk_per_dataset.dataset,
        profiles_in.n_profiles_in,
        risk_per_dataset.n_profiles,
        risk_per_dataset.n_classes,
        {{ var('privacy_k') }} as privacy_k,
        risk_per_dataset.k_anonymity,
        risk_per_dataset.n_below_k,
        risk_per_dataset.n_below_k * 1.0 / risk_per_dataset.n_profiles as share_below_k,
        risk_per_dataset.n_sample_uniques,
        risk_per_dataset.n_sample_uniques * 1.0 / risk_per_dataset.n_profiles
            as share_sample_uniques,
        risk_per_dataset.max_prosecutor_risk,
        risk_per_dataset.avg_prosecutor_risk,
        diversity_per_dataset.l_diversity,
        case
            when risk_per_dataset.dataset = 'k_anonymised_export'
                then profiles_in.n_published_unchanged
            else risk_per_dataset.n_profiles
        end as n_published_unchanged,
        case
            when risk_per_dataset.dataset = 'k_anonymised_export' then profiles_in.n_generalised
            else 0
        end as n_generalised,
        case
            when risk_per_dataset.dataset = 'k_anonymised_export' then profiles_in.n_suppressed
            else 0
        end as n_suppressed
    from risk_per_dataset
    cross join profiles_in
    left join diversity_per_dataset
        on risk_per_dataset.dataset = diversity_per_dataset.dataset
)

select
    cast(dataset as {{ dbt.type_string() }}) as dataset,
    cast(n_profiles_in as bigint) as n_profiles_in,
    cast(n_profiles as bigint) as n_profiles,
    cast(n_classes as bigint) as n_classes,
    cast(privacy_k as integer) as privacy_k,
    cast(k_anonymity as bigint) as k_anonymity,
    cast(n_below_k as bigint) as n_below_k,
    cast(share_below_k as double) as share_below_k,
    cast(n_sample_uniques as bigint) as n_sample_uniques,
    cast(share_sample_uniques as double) as share_sample_uniques,
    cast(max_prosecutor_risk as double) as max_prosecutor_risk,
    cast(avg_prosecutor_risk as double) as avg_prosecutor_risk,
    cast(l_diversity as bigint) as l_diversity,
    cast(n_published_unchanged as bigint) as n_published_unchanged,
    cast(n_generalised as bigint) as n_generalised,
    cast(n_suppressed as bigint) as n_suppressed
from final
