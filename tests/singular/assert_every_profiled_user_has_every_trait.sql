-- Each profiled user gets exactly one score per trait in the traits seed, and no unprofiled
-- user gets any: a missing trait would silently drop a person from a trait's distribution.
with

expected as (
    select
        dim_users.user_id,
        traits.trait
    from {{ ref('dim_users') }} as dim_users
    cross join {{ ref('traits') }} as traits
    where dim_users.is_profiled
),

actual as (
    select
        user_id,
        trait
    from {{ ref('fct_user_traits') }}
)

select
    coalesce(expected.user_id, actual.user_id) as user_id,
    coalesce(expected.trait, actual.trait) as trait
from expected
full outer join actual
    on expected.user_id = actual.user_id
        and expected.trait = actual.trait
where expected.user_id is null or actual.user_id is null
