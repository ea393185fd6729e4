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
        end as rejection_reason
    from deduplicated
)

select * from checked
