-- The trait bands of the k-anonymised export: one row per published profile per trait. Only
-- the band (low, medium, high) is exported; a precise score would itself help single out.
with

generalisation as (
    select
        user_id,
        export_row_id
    from {{ ref('int_users__privacy_generalisation') }}
    where not is_suppressed
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

final as (
    select
        generalisation.export_row_id,
        user_traits.trait,
        user_traits.band
    from generalisation
    inner join user_traits
        on generalisation.user_id = user_traits.user_id
)

select
    cast(export_row_id as bigint) as export_row_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(band as {{ dbt.type_string() }}) as band
from final
