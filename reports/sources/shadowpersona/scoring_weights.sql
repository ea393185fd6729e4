select * from marts.dim_scoring_weights
