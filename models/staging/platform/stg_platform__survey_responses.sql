with

source as (
    select * from {{ source('platform', 'survey_responses') }}
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
)

select * from renamed
