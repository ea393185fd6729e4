select
    trait_a,
    trait_b,
    round(score_correlation, 2) as score_correlation
from marts.fct_trait_correlations
