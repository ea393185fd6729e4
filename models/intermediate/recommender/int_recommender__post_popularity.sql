-- How many people engaged with each post before the split: the popularity recommender's
-- score, the hybrid's popularity term and the order of each category's head posts.
with

interactions as (
    select
        user_id,
        content_id
    from {{ ref('int_recommender__interactions') }}
    where is_training
),

content as (
    select
        content_id,
        category
    from {{ ref('int_content__clean') }}
),

engaged_users as (
    select
        content_id,
        count(*) as n_engaged_users
    from interactions
    group by all
),

final as (
    select
        engaged_users.content_id,
        content.category,
        cast(engaged_users.n_engaged_users as bigint) as n_engaged_users,
        cast(row_number() over (
            order by engaged_users.n_engaged_users desc, engaged_users.content_id asc
        ) as integer) as popularity_rank,
        cast(row_number() over (
            partition by content.category
            order by engaged_users.n_engaged_users desc, engaged_users.content_id asc
        ) as integer) as category_popularity_rank
    from engaged_users
    inner join content
        on engaged_users.content_id = content.content_id
)

select * from final
