-- The survey answers that passed every check (int_survey_responses__validated).
with

validated_survey_responses as (
    select
        user_id,
        trait,
        self_report_score,
        responded_at,
        rejection_reason
    from {{ ref('int_survey_responses__validated') }}
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
