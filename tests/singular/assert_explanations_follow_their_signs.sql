-- Every "why" sentence, under both scoring methods, must say what its numbers say: it starts
-- with the seed's above_phrase when the z-score is positive and its below_phrase when it is
-- negative, and it says "raises the score" exactly when the contribution is positive,
-- "lowers the score" exactly when it is negative, and "no effect" otherwise. Its words for how
-- far from the average intensify the phrase ("seldom clicks on ads — far more so than most"):
-- they never say the value is "more than" others, which reads against a below-side phrase
-- (the phrases themselves compare nothing). A feature with
-- no data contributes exactly 0, reads "no data — no effect" and ranks after every measured
-- feature. The phrases are read from the seed here, not from the mart, so a sentence built
-- from the wrong side fails. Returns the offending rows, plus a row for a method that has a
-- model but no explanation rows.
with

explanations as (
    select
        user_id,
        trait,
        method,
        feature_name,
        z_score,
        is_imputed,
        contribution,
        explanation,
        contribution_rank
    from {{ ref('fct_trait_explanations') }}
),

scoring_features as (
    select
        feature_name,
        above_phrase,
        below_phrase
    from {{ ref('scoring_features') }}
),

last_measured_rank as (
    select
        user_id,
        trait,
        method,
        max(case when not is_imputed then contribution_rank else 0 end) as max_measured_rank
    from explanations
    group by user_id, trait, method
),

checked as (
    select
        explanations.*,
        substr(explanations.explanation, 1, length(scoring_features.above_phrase))
        = scoring_features.above_phrase as starts_above,
        substr(explanations.explanation, 1, length(scoring_features.below_phrase))
        = scoring_features.below_phrase as starts_below,
        explanations.explanation like '% raises the score' as says_raises,
        explanations.explanation like '% lowers the score' as says_lowers,
        explanations.explanation like '% no effect' as says_no_effect,
        explanations.explanation like '%: no data — no effect' as says_no_data,
        explanations.explanation like '% more than %' as says_more_than,
        last_measured_rank.max_measured_rank
    from explanations
    inner join scoring_features
        on explanations.feature_name = scoring_features.feature_name
    inner join last_measured_rank
        on explanations.user_id = last_measured_rank.user_id
            and explanations.trait = last_measured_rank.trait
            and explanations.method = last_measured_rank.method
),

contradictions as (
    select
        user_id,
        trait,
        method,
        feature_name,
        z_score,
        contribution,
        explanation
    from checked
    where (not is_imputed and z_score > 0 and not starts_above)
        or (not is_imputed and z_score < 0 and not starts_below)
        or (contribution > 0) <> says_raises
        or (contribution < 0) <> says_lowers
        or (contribution = 0) <> says_no_effect
        or is_imputed <> says_no_data
        or says_more_than
        or (is_imputed and (contribution <> 0 or contribution_rank <= max_measured_rank))
),

expected_methods as (
    select 'hand-set' as method
    union all
    -- learned rows wherever a learned model was fitted (none on Spark or on a world whose
    -- survey panel is too small to train on)
    select distinct 'learned' as method
    from {{ learned_trait_models() }}
    where removed_feature_group = 'none'
),

present_methods as (
    select distinct method
    from explanations
),

missing_methods as (
    select
        cast(null as bigint) as user_id,
        cast(null as {{ dbt.type_string() }}) as trait,
        expected_methods.method,
        cast(null as {{ dbt.type_string() }}) as feature_name,
        cast(null as double) as z_score,
        cast(null as double) as contribution,
        'no explanation rows for this method' as explanation
    from expected_methods
    left join present_methods
        on expected_methods.method = present_methods.method
    where present_methods.method is null
)

select * from contradictions
union all
select * from missing_methods
