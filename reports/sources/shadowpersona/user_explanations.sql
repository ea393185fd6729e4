select
    cast(explanations.user_id as varchar) as user_id,
    explanations.trait,
    weights.trait_label,
    explanations.feature_name,
    explanations.plain_language,
    weights.unit,
    explanations.feature_value,
    explanations.z_score,
    explanations.weight,
    explanations.contribution,
    explanations.effect,
    explanations.compared_with_population,
    explanations.explanation,
    explanations.contribution_rank,
    explanations.is_imputed
from marts.fct_trait_explanations as explanations
inner join marts.dim_scoring_weights as weights
    on explanations.trait = weights.trait
    and explanations.feature_name = weights.feature_name
    and explanations.method = weights.method
-- The profile pages explain the hand-set scores.
where explanations.method = 'hand-set'
    and explanations.user_id in (select user_id from marts.dim_users where has_report_page)
