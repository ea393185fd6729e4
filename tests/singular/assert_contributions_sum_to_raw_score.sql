-- Every trait score must be explained completely: the contributions in
-- fct_trait_explanations add up to the raw_score in fct_user_traits (to floating-point
-- precision), and every scored user-trait has explanations and vice versa.
with

explained as (
    select
        user_id,
        trait,
        sum(contribution) as sum_of_contributions
    from {{ ref('fct_trait_explanations') }}
    group by user_id, trait
),

scored as (
    select
        user_id,
        trait,
        raw_score
    from {{ ref('fct_user_traits') }}
)

select
    coalesce(scored.user_id, explained.user_id) as user_id,
    coalesce(scored.trait, explained.trait) as trait,
    scored.raw_score,
    explained.sum_of_contributions
from scored
full outer join explained
    on scored.user_id = explained.user_id
        and scored.trait = explained.trait
where scored.user_id is null
    or explained.user_id is null
    or abs(scored.raw_score - explained.sum_of_contributions) > 1e-9
