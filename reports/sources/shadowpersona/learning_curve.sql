select
    curve.method,
    curve.trait,
    traits.trait_label,
    curve.horizon_days,
    cast(curve.n_users as double) as n_users,
    curve.median_events,
    curve.spearman_rho,
    curve.pearson_r,
    curve.auc_top_quartile,
    curve.spearman_rho_gain
from marts.eval_learning_curve as curve
inner join marts.dim_traits as traits
    on curve.trait = traits.trait
