with

source as (
    select * from {{ source('platform', 'content') }}
),

renamed as (
    select
        -- ids
        cast(content_id as bigint) as content_id,

        -- attributes
        cast(category as varchar) as category,

        -- numerics
        cast(outrage_score as double) as outrage_score,
        cast(sentiment_score as double) as sentiment_score,

        -- booleans
        outrage_score >= {{ var('high_outrage_min_score') }} as is_high_outrage,
        sentiment_score < -0.3 as is_negative,

        -- timestamps
        cast(published_at as timestamp) as published_at

    from source
)

select * from renamed
