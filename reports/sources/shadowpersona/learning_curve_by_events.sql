select
    curve.method,
    curve.trait,
    traits.trait_label,
    curve.events_min,
    curve.events_bin,
    curve.median_events,
    cast(curve.n_scores as double) as n_scores,
    curve.spearman_rho,
    curve.auc_top_quartile
from marts.eval_learning_curve_by_events as curve
inner join marts.dim_traits as traits
    on curve.trait = traits.trait
