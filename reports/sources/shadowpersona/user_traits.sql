select
    cast(user_traits.user_id as varchar) as user_id,
    user_traits.trait,
    traits.trait_label,
    user_traits.raw_score,
    user_traits.score,
    user_traits.percentile,
    user_traits.band,
    -- the score read as a sentence: score is the whole percentile (see fct_user_traits)
    'higher than ' || cast(cast(user_traits.score as integer) as varchar)
    || ' of 100 people' as score_in_words,
    user_traits.top_feature,
    user_traits.n_events,
    user_traits.active_days,
    user_traits.is_thin_profile,
    case
        when user_traits.is_thin_profile
            then 'Thin profile: these scores rest on only '
                || cast(user_traits.n_events as varchar) || ' events over '
                || cast(user_traits.active_days as varchar)
                || ' active days, too little behaviour to take them at face value.'
        else 'These scores rest on ' || cast(user_traits.n_events as varchar)
            || ' events over ' || cast(user_traits.active_days as varchar) || ' active days.'
    end as profile_note
from marts.fct_user_traits as user_traits
inner join marts.dim_traits as traits
    on user_traits.trait = traits.trait
-- The profile pages show the hand-set scores; reports/pages/learned.md compares the methods.
where user_traits.method = 'hand-set'
