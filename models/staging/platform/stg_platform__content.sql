-- The content catalogue as delivered: every raw row, renamed and cast. Repeated rows and
-- faulty posts are still here: intermediate/events validates and quarantines them.
with

source as (
    select * from {{ source('platform', 'content') }}
),

renamed as (
    select
        -- ids
        cast(content_id as bigint) as content_id,

        -- attributes
        cast(category as {{ dbt.type_string() }}) as category,

        -- numerics
        cast(outrage_score as double) as outrage_score,
        cast(sentiment_score as double) as sentiment_score,

        -- timestamps
        cast(published_at as timestamp) as published_at

    from source
)

select * from renamed
