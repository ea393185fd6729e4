-- Which behaviours give a trait away: one row per trait per scoring method per removed feature
-- group (or `none`), with how well the scores recover the planted trait on all profiled users
-- when that group is left out. Hand-set: the group's weights are set to 0. Learned: the ridge
-- model refitted without the group (int_trait_models__coefficients). A trait whose every
-- hand-set feature is in the group gets a constant score: correlation 0, AUC 0.5.
with

feature_scores as (
    select
        user_id,
        feature_name,
        z_score
    from {{ ref('int_feature_scores__standardised') }}
),

ablated_weights as (
    -- Hand-set: removed features keep their row with weight 0, so every user keeps a score.
    select
        method,
        trait,
        removed_feature_group,
        feature_name,
        weight,
        is_kept
    from {{ ref('int_trait_weights__by_method') }}
),

latent_traits as (
    select
        user_id,
        trait,
        latent_score
    from {{ ref('stg_ground_truth__latent_traits') }}
),

features_left as (
    select
        trait,
        method,
        removed_feature_group,
        sum(case when is_kept then 1 else 0 end) as n_features_left
    from ablated_weights
    group by all
),

ablated_scores as (
    select
        ablated_weights.trait,
        ablated_weights.method,
        ablated_weights.removed_feature_group,
        feature_scores.user_id,
        {{ exact_sum('ablated_weights.weight * feature_scores.z_score') }} as raw_score
    from ablated_weights
    inner join feature_scores
        on ablated_weights.feature_name = feature_scores.feature_name
    group by all
),

paired as (
    select
        ablated_scores.trait,
        ablated_scores.method,
        ablated_scores.removed_feature_group,
        ablated_scores.user_id,
        ablated_scores.raw_score,
        latent_traits.latent_score as reference_score
    from ablated_scores
    inner join latent_traits
        on ablated_scores.user_id = latent_traits.user_id
            and ablated_scores.trait = latent_traits.trait
),

recovery as (
    {{ recovery_statistics('paired', ['trait', 'method', 'removed_feature_group']) }}
),

with_baseline as (
    select
        recovery.*,
        features_left.n_features_left,
        max(case when recovery.removed_feature_group = 'none' then recovery.spearman_rho end)
            over (partition by recovery.trait, recovery.method)
        - recovery.spearman_rho as spearman_rho_drop
    from recovery
    inner join features_left
        on recovery.trait = features_left.trait
            and recovery.method = features_left.method
            and recovery.removed_feature_group = features_left.removed_feature_group
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(removed_feature_group as {{ dbt.type_string() }}) as removed_feature_group,
    cast(n_features_left as integer) as n_features_left,
    cast(n_users as bigint) as n_users,
    cast(spearman_rho as double) as spearman_rho,
    cast(pearson_r as double) as pearson_r,
    cast(auc_top_quartile as double) as auc_top_quartile,
    cast(spearman_rho_drop as double) as spearman_rho_drop
from with_baseline
