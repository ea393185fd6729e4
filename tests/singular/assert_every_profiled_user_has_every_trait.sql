-- Each profiled user gets exactly one hand-set score per trait in the traits seed, and one
-- learned score per trait that has a learned model; no unprofiled user gets any. A missing
-- trait would silently drop a person from a trait's distribution, and a user scored by one
-- method only would make the two methods' evaluations compare different people.
with

learned_traits as (
    select distinct trait
    from {{ learned_trait_models() }}
),

expected as (
    select
        dim_users.user_id,
        traits.trait,
        'hand-set' as method
    from {{ ref('dim_users') }} as dim_users
    cross join {{ ref('traits') }} as traits
    where dim_users.is_profiled
    union all
    select
        dim_users.user_id,
        learned_traits.trait,
        'learned' as method
    from {{ ref('dim_users') }} as dim_users
    cross join learned_traits
    where dim_users.is_profiled
),

actual as (
    select
        user_id,
        trait,
        method
    from {{ ref('fct_user_traits') }}
)

select
    coalesce(expected.user_id, actual.user_id) as user_id,
    coalesce(expected.trait, actual.trait) as trait,
    coalesce(expected.method, actual.method) as method
from expected
full outer join actual
    on expected.user_id = actual.user_id
        and expected.trait = actual.trait
        and expected.method = actual.method
where expected.user_id is null or actual.user_id is null
