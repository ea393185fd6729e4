select
    recovery.trait,
    traits.trait_label,
    recovery.method,
    recovery.evaluation_set,
    recovery.compared_against,
    cast(recovery.n_users as double) as n_users,
    recovery.spearman_rho,
    recovery.pearson_r,
    recovery.auc_top_quartile
from marts.eval_trait_recovery as recovery
inner join marts.dim_traits as traits
    on recovery.trait = traits.trait
