-- Both scoring models side by side: one row per trait per scoring feature, with the hand-set
-- weight (0 where the feature is not used) and the learned ridge coefficient.
select
    learned.trait,
    learned.trait_label,
    learned.feature_name,
    learned.feature_group,
    learned.plain_language,
    coalesce(hand_set.weight, 0.0) as hand_set_weight,
    learned.weight as learned_weight,
    learned.intercept as learned_intercept,
    cast(learned.n_training_users as double) as n_training_users
from marts.dim_scoring_weights as learned
left join marts.dim_scoring_weights as hand_set
    on learned.trait = hand_set.trait
    and learned.feature_name = hand_set.feature_name
    and hand_set.method = 'hand-set'
where learned.method = 'learned'
