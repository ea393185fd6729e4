-- A user's content profile before the split, for every category: the share of their engaged
-- posts in it, and their outrage lean (the mean outrage score of their engaged posts minus
-- everyone's). Recomputed on the training days rather than read from the whole-period
-- features (int_user_features__categories, __content), which would leak the held-out days.
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
        category,
        outrage_score
    from {{ ref('int_content__clean') }}
),

engaged_posts as (
    select
        interactions.user_id,
        content.category,
        content.outrage_score
    from interactions
    inner join content
        on interactions.content_id = content.content_id
),

population as (
    select avg(outrage_score) as mean_engaged_outrage_score
    from engaged_posts
),

users as (
    select
        user_id,
        count(*) as n_engaged_posts,
        avg(outrage_score) as mean_outrage_score
    from engaged_posts
    group by all
),

categories as (
    select distinct category
    from content
),

user_category_posts as (
    select
        user_id,
        category,
        count(*) as n_engaged_posts
    from engaged_posts
    group by all
),

final as (
    select
        users.user_id,
        categories.category,
        cast(coalesce(user_category_posts.n_engaged_posts, 0) as bigint) as n_engaged_posts,
        cast(
            coalesce(user_category_posts.n_engaged_posts, 0) * 1.0 / users.n_engaged_posts
            as double
        ) as category_share,
        cast(users.mean_outrage_score - population.mean_engaged_outrage_score as double)
            as outrage_lean,
        cast(population.mean_engaged_outrage_score as double) as mean_engaged_outrage_score
    from users
    cross join categories
    cross join population
    left join user_category_posts
        on users.user_id = user_category_posts.user_id
            and categories.category = user_category_posts.category
)

select * from final
