-- How many volunteers does a platform need: held-out recovery per method per training size,
-- with the world it was measured on (marts.eval_panel_size_curve).
select
    curve.trait,
    traits.trait_label,
    curve.method,
    cast(curve.n_training_users as double) as n_training_users,
    cast(curve.n_held_out_users as double) as n_held_out_users,
    curve.spearman_rho_planted_trait,
    curve.spearman_rho_self_report,
    cast(curve.world_users as double) as world_users,
    cast(curve.world_days as double) as world_days,
    cast(curve.world_seed as double) as world_seed,
    curve.world_realism,
    curve.world_panel_share
from marts.eval_panel_size_curve as curve
inner join marts.dim_traits as traits
    on curve.trait = traits.trait
