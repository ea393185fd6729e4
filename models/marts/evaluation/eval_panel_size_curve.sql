-- How many volunteers does a platform need: one row per trait per method per training size,
-- how well the method's scores for the held-out panel members recover their planted trait and
-- their self-report. The learned methods (ridge, boosted) are fitted on the first N training
-- members of the panel (int_scoring__panel_predictions); the hand-set weights use no panel,
-- so their row is repeated at every training size as the reference line, scored on the same
-- held-out members. The arithmetic is the recovery_statistics macro, as in eval_trait_recovery.
-- Each row also says which world it was measured on (the report labels the curve with it).
with

predictions as (
    select
        method,
        n_training_users,
        n_labelled_users,
        user_id,
        trait,
        predicted_score
    from {{ ref('int_scoring__panel_predictions') }}
),

feature_scores as (
    select
        user_id,
        feature_name,
        z_score
    from {{ ref('int_feature_scores__standardised') }}
),

hand_set_weights as (
    select
        trait,
        feature_name,
        weight
    from {{ ref('trait_weights') }}
),

latent_traits as (
    select
        user_id,
        trait,
        latent_score
    from {{ ref('stg_ground_truth__latent_traits') }}
),

survey_responses as (
    select
        user_id,
        trait,
        self_report_score
    from {{ ref('int_survey_responses__clean') }}
),

world as (
    select
        world_users,
        world_days,
        world_seed,
        world_realism,
        world_panel_share
    from {{ ref('dim_world') }}
),

training_sizes as (
    select distinct n_training_users
    from predictions
),

held_out_users as (
    -- The members the learned methods predicted for: the hand-set scores are compared on
    -- exactly these.
    select distinct user_id
    from predictions
),

hand_set_scores as (
    -- The hand-set raw score, as in fct_user_traits: the weighted sum of the feature z-scores.
    select
        feature_scores.user_id,
        hand_set_weights.trait,
        {{ exact_sum('hand_set_weights.weight * feature_scores.z_score') }} as raw_score
    from feature_scores
    inner join hand_set_weights
        on feature_scores.feature_name = hand_set_weights.feature_name
    inner join held_out_users
        on feature_scores.user_id = held_out_users.user_id
    group by feature_scores.user_id, hand_set_weights.trait
),

method_scores as (
    select
        method,
        n_training_users,
        n_labelled_users,
        user_id,
        trait,
        predicted_score as raw_score
    from predictions
    union all
    select
        'hand-set' as method,
        training_sizes.n_training_users,
        0 as n_labelled_users,
        hand_set_scores.user_id,
        hand_set_scores.trait,
        hand_set_scores.raw_score
    from hand_set_scores
    cross join training_sizes
),

reference_scores as (
    select
        user_id,
        trait,
        'planted_trait' as compared_against,
        latent_score as reference_score
    from latent_traits
    union all
    select
        user_id,
        trait,
        'self_report' as compared_against,
        self_report_score as reference_score
    from survey_responses
    where self_report_score is not null
),

paired as (
    select
        method_scores.trait,
        method_scores.method,
        method_scores.n_training_users,
        method_scores.n_labelled_users,
        reference_scores.compared_against,
        method_scores.user_id,
        method_scores.raw_score,
        reference_scores.reference_score
    from method_scores
    inner join reference_scores
        on method_scores.user_id = reference_scores.user_id
            and method_scores.trait = reference_scores.trait
),

recovery as (
    {{ recovery_statistics(
        'paired',
        ['trait', 'method', 'n_training_users', 'n_labelled_users', 'compared_against']
    ) }}
),

pivoted as (
    select
        trait,
        method,
        n_training_users,
        n_labelled_users,
        max(case when compared_against = 'planted_trait' then n_users end) as n_held_out_users,
        max(case when compared_against = 'planted_trait' then spearman_rho end)
            as spearman_rho_planted_trait,
        max(case when compared_against = 'self_report' then n_users end)
            as n_held_out_self_reports,
        max(case when compared_against = 'self_report' then spearman_rho end)
            as spearman_rho_self_report
    from recovery
    group by trait, method, n_training_users, n_labelled_users
)

select
    cast(pivoted.trait as {{ dbt.type_string() }}) as trait,
    cast(pivoted.method as {{ dbt.type_string() }}) as method,
    cast(pivoted.n_training_users as bigint) as n_training_users,
    cast(pivoted.n_labelled_users as bigint) as n_labelled_users,
    cast(pivoted.n_held_out_users as bigint) as n_held_out_users,
    cast(pivoted.n_held_out_self_reports as bigint) as n_held_out_self_reports,
    cast(pivoted.spearman_rho_planted_trait as double) as spearman_rho_planted_trait,
    cast(pivoted.spearman_rho_self_report as double) as spearman_rho_self_report,
    cast(world.world_users as integer) as world_users,
    cast(world.world_days as integer) as world_days,
    cast(world.world_seed as bigint) as world_seed,
    cast(world.world_realism as {{ dbt.type_string() }}) as world_realism,
    cast(world.world_panel_share as double) as world_panel_share
from pivoted
cross join world
