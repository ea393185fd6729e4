-- Every distinct raw survey answer once, with how many identical copies arrived and the first
-- check it fails (null when it passes): int_survey_responses__clean keeps the clean rows,
-- int_raw_rows__quarantined the others. A respondent answers each trait once: two
-- different answers for one (user, trait) are both quarantined (duplicate_id).
with

source as (
    select * from {{ ref('stg_platform__survey_responses') }}
),

users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

quarantined_users as (
    select distinct user_id
    from {{ ref('int_users__validated') }}
    where rejection_reason is not null
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

deduplicated as (
    select
        *,
        count(*) as n_copies
    from renamed
    group by all
),

rows_per_key as (
    select
        user_id,
        trait,
        count(*) as n_distinct_rows
    from deduplicated
    group by all
),

checked as (
    select
        deduplicated.*,
        case
            when deduplicated.user_id is null or deduplicated.trait is null
                then 'null_id'
            when deduplicated.user_id <= 0
                then 'malformed_id'
            when rows_per_key.n_distinct_rows > 1
                then 'duplicate_id'
            when quarantined_users.user_id is not null
                then 'quarantined_user'
            when users.user_id is null
                then 'unknown_user'
        end as rejection_reason
    from deduplicated
    left join rows_per_key
        on
            deduplicated.user_id = rows_per_key.user_id
            and deduplicated.trait = rows_per_key.trait
    left join quarantined_users
        on deduplicated.user_id = quarantined_users.user_id
    left join users
        on deduplicated.user_id = users.user_id
)

select * from checked
