-- l-diversity: how varied the trait bands are inside each equivalence class. A class whose
-- members all share one band (l = 1) discloses that band to anyone who can place a person in
-- the class, even when the class is large (the homogeneity attack).
with

record_risk as (
    select
        dataset,
        user_id,
        class_id,
        class_size
    from {{ ref('fct_privacy_record_risk') }}
),

-- hand-set scores: the published profile (the learned scores are compared in the eval_ marts)
user_traits as (
    select
        user_id,
        trait,
        band
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

band_counts as (
    select
        record_risk.dataset,
        record_risk.class_id,
        user_traits.trait,
        user_traits.band,
        record_risk.class_size,
        count(*) as n_profiles
    from record_risk
    inner join user_traits
        on record_risk.user_id = user_traits.user_id
    group by all
),

final as (
    select
        dataset,
        class_id,
        trait,
        class_size,
        count(*) as n_distinct_bands,
        max(n_profiles) * 1.0 / sum(n_profiles) as most_common_band_share
    from band_counts
    group by all
)

select
    cast(dataset as {{ dbt.type_string() }}) as dataset,
    cast(class_id as bigint) as class_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(class_size as bigint) as class_size,
    cast(n_distinct_bands as bigint) as n_distinct_bands,
    cast(most_common_band_share as double) as most_common_band_share,
    cast(n_distinct_bands = 1 as boolean) as is_homogeneous
from final
