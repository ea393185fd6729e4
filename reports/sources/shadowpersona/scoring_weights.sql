-- The hand-set weights (the methodology page); learned_weights.sql has both methods.
select
    trait,
    trait_label,
    feature_name,
    feature_group,
    plain_language,
    unit,
    value_transform,
    weight,
    rationale
from marts.dim_scoring_weights
where method = 'hand-set'
