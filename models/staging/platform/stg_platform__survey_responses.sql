-- The survey answers that passed every check (stg_platform__survey_responses_validated).
with

validated_survey_responses as (
    select
        user_id,
        trait,
        self_report_score,
        responded_at,
        rejection_reason
    from {{ ref('stg_platform__survey_responses_validated') }}
),

clean as (
    select
        -- ids
        user_id,

        -- attributes
        trait,

        -- numerics
        self_report_score,

        -- timestamps
        responded_at

    from validated_survey_responses
    where rejection_reason is null
)

select * from clean
