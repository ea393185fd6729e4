-- Every distinct raw post once, with how many identical copies arrived and the first check it
-- fails (null when it passes). int_content__clean keeps the clean rows.
with

content as (
    select
        content_id,
        category,
        outrage_score,
        sentiment_score,
        published_at
    from {{ ref('stg_platform__content') }}
),

deduplicated as (
    select
        *,
        count(*) as n_copies
    from content
    group by all
),

checked as (
    select
        *,
        case
            when content_id is null then 'null_id'
            when content_id <= 0 then 'malformed_id'
            when
                category is null
                or category not in ('{{ var("known_content_categories") | join("', '") }}')  -- noqa: LT05
                then 'unknown_category'
            -- NaN sorts above every number (DuckDB and Spark alike), so the range checks
            -- catch it as they catch an infinite score.
            when
                outrage_score is null
                or outrage_score < {{ var('min_outrage_score') }}
                or outrage_score > {{ var('max_outrage_score') }}
                or sentiment_score is null
                or sentiment_score < {{ var('min_sentiment_score') }}
                or sentiment_score > {{ var('max_sentiment_score') }}
                then 'invalid_score'
        end as rejection_reason
    from deduplicated
)

select * from checked
