-- Every distinct raw survey answer once, with how many identical copies arrived and the first
-- check it fails (null when it passes): int_survey_responses__clean keeps the clean rows,
-- int_raw_rows__quarantined the others. A respondent answers each trait once: two
-- different answers for one (user, trait) are both quarantined (duplicate_id).
-- The checks and their order are macro validate_user_rows, shared with the
-- notifications and ad impressions.
with

source as (
    select * from {{ ref('stg_platform__survey_responses') }}
),

renamed as (
    select
        -- ids
        cast(user_id as bigint) as user_id,

        -- attributes
        cast(trait as {{ dbt.type_string() }}) as trait,

        -- numerics
        cast(self_report_score as double) as self_report_score,

        -- timestamps
        cast(responded_at as timestamp) as responded_at

    from source
),

{{ validate_user_rows(
    key_columns=['user_id', 'trait'],
    required_columns=['user_id', 'trait'],
    id_columns=['user_id'],
) }}

select * from checked
