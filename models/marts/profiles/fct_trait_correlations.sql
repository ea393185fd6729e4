-- How the trait scores move together: one row per ordered pair of traits (36 rows, the
-- diagonal included), with the Pearson correlation of their raw scores across users.
with

user_traits as (
    select
        user_id,
        trait,
        raw_score
    from {{ ref('fct_user_traits') }}
    -- hand-set scores: the published bands; the learned scores are compared in the eval_ marts
    where method = 'hand-set'
),

pairs as (
    select
        trait_a.trait as trait_a,
        trait_b.trait as trait_b,
        {{ exact_corr('trait_a.raw_score', 'trait_b.raw_score') }} as score_correlation,
        count(*) as n_users
    from user_traits as trait_a
    inner join user_traits as trait_b
        on trait_a.user_id = trait_b.user_id
    group by 1, 2
)

select
    cast(trait_a as {{ dbt.type_string() }}) as trait_a,
    cast(trait_b as {{ dbt.type_string() }}) as trait_b,
    cast(score_correlation as double) as score_correlation,
    cast(n_users as bigint) as n_users
from pairs
