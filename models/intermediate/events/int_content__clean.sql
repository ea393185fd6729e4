-- The clean catalogue: validated posts that passed every check.
with

validated_content as (
    select
        content_id,
        category,
        outrage_score,
        sentiment_score,
        published_at,
        rejection_reason
    from {{ ref('int_content__validated') }}
),

renamed as (
    select
        -- ids
        content_id,

        -- attributes
        category,

        -- numerics
        outrage_score,
        sentiment_score,

        -- booleans
        outrage_score >= {{ var('high_outrage_min_score') }} as is_high_outrage,
        sentiment_score < -0.3 as is_negative,

        -- timestamps
        published_at

    from validated_content
    where rejection_reason is null
)

select * from renamed
