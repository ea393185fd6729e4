select
    ablation.trait,
    traits.trait_label,
    ablation.method,
    ablation.removed_feature_group,
    cast(ablation.n_features_left as double) as n_features_left,
    cast(ablation.n_users as double) as n_users,
    ablation.spearman_rho,
    ablation.auc_top_quartile,
    ablation.spearman_rho_drop
from marts.eval_feature_ablation as ablation
inner join marts.dim_traits as traits
    on ablation.trait = traits.trait
