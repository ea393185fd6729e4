-- Every trait score must be explained completely, under both scoring methods (hand-set and
-- learned): the contributions in fct_trait_explanations add up to the raw_score in
-- fct_user_traits (to floating-point precision), and every scored user-trait-method has
-- explanations and vice versa.
with

explained as (
    select
        user_id,
        trait,
        method,
        sum(contribution) as sum_of_contributions
    from {{ ref('fct_trait_explanations') }}
    group by user_id, trait, method
),

scored as (
    select
        user_id,
        trait,
        method,
        raw_score
    from {{ ref('fct_user_traits') }}
)

select
    coalesce(scored.user_id, explained.user_id) as user_id,
    coalesce(scored.trait, explained.trait) as trait,
    coalesce(scored.method, explained.method) as method,
    scored.raw_score,
    explained.sum_of_contributions
from scored
full outer join explained
    on scored.user_id = explained.user_id
        and scored.trait = explained.trait
        and scored.method = explained.method
where scored.user_id is null
    or explained.user_id is null
    or abs(scored.raw_score - explained.sum_of_contributions) > 1e-9
