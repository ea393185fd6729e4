-- The ablation's baseline (nothing removed) is the full scoring: its recovery must equal the
-- all-users rows of eval_trait_recovery, for both methods and every trait. The ablation
-- recomputes scores from the weights and z-scores itself, so a difference means the two
-- marts score people differently (e.g. a learned model other than the one that scores users).
with

baseline as (
    select
        trait,
        method,
        n_users,
        spearman_rho,
        auc_top_quartile
    from {{ ref('eval_feature_ablation') }}
    where removed_feature_group = 'none'
),

recovery as (
    select
        trait,
        method,
        n_users,
        spearman_rho,
        auc_top_quartile
    from {{ ref('eval_trait_recovery') }}
    where evaluation_set = 'all_users'
        and compared_against = 'planted_trait'
)

select
    coalesce(baseline.trait, recovery.trait) as trait,
    coalesce(baseline.method, recovery.method) as method,
    baseline.spearman_rho as baseline_rho,
    recovery.spearman_rho as recovery_rho
from baseline
full outer join recovery
    on baseline.trait = recovery.trait
        and baseline.method = recovery.method
where baseline.trait is null
    or recovery.trait is null
    or baseline.n_users <> recovery.n_users
    or abs(baseline.spearman_rho - recovery.spearman_rho) > 1e-9
    or abs(baseline.auc_top_quartile - recovery.auc_top_quartile) > 1e-9
