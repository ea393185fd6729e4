select
    cast(user_traits.user_id as varchar) as user_id,
    user_traits.trait,
    traits.trait_label,
    user_traits.raw_score,
    user_traits.score,
    user_traits.percentile,
    user_traits.band,
    user_traits.top_feature
from marts.fct_user_traits as user_traits
inner join marts.dim_traits as traits
    on user_traits.trait = traits.trait
-- The profile pages show the hand-set scores; reports/pages/learned.md compares the methods.
where user_traits.method = 'hand-set'
