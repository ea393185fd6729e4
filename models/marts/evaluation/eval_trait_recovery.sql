-- How well each scoring method recovers what it should: one row per trait per method per
-- evaluation set per reference. Three comparisons:
--   all_users      / planted_trait: every profiled user against the latent trait the
--                                   generator planted (the learned models saw ~6 % of them);
--   held_out_panel / planted_trait: only panel members never used in training;
--   held_out_panel / self_report:   the same members against their questionnaire answers, the
--                                   only comparison a real platform could make.
-- The arithmetic (Spearman, Pearson, AUC for the top quartile) is the recovery_statistics macro.
with

user_traits as (
    select
        user_id,
        trait,
        method,
        raw_score
    from {{ ref('fct_user_traits') }}
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

panel_split as (
    select
        user_id,
        is_held_out
    from {{ ref('int_survey_panel__split') }}
),

held_out_users as (
    select user_id
    from panel_split
    where is_held_out
),

reference_scores as (
    select
        user_id,
        trait,
        'all_users' as evaluation_set,
        'planted_trait' as compared_against,
        latent_score as reference_score
    from latent_traits
    union all
    select
        latent_traits.user_id,
        latent_traits.trait,
        'held_out_panel' as evaluation_set,
        'planted_trait' as compared_against,
        latent_traits.latent_score as reference_score
    from latent_traits
    inner join held_out_users
        on latent_traits.user_id = held_out_users.user_id
    union all
    select
        survey_responses.user_id,
        survey_responses.trait,
        'held_out_panel' as evaluation_set,
        'self_report' as compared_against,
        survey_responses.self_report_score as reference_score
    from survey_responses
    inner join held_out_users
        on survey_responses.user_id = held_out_users.user_id
),

paired as (
    select
        user_traits.trait,
        user_traits.method,
        reference_scores.evaluation_set,
        reference_scores.compared_against,
        user_traits.user_id,
        user_traits.raw_score,
        reference_scores.reference_score
    from user_traits
    inner join reference_scores
        on user_traits.user_id = reference_scores.user_id
            and user_traits.trait = reference_scores.trait
),

recovery as (
    {{ recovery_statistics('paired', ['trait', 'method', 'evaluation_set', 'compared_against']) }}
)

select
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(method as {{ dbt.type_string() }}) as method,
    cast(evaluation_set as {{ dbt.type_string() }}) as evaluation_set,
    cast(compared_against as {{ dbt.type_string() }}) as compared_against,
    cast(n_users as bigint) as n_users,
    cast(spearman_rho as double) as spearman_rho,
    cast(pearson_r as double) as pearson_r,
    cast(auc_top_quartile as double) as auc_top_quartile
from recovery
