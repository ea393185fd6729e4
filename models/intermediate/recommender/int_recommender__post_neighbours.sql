-- Item-item co-engagement before the split: two posts are similar when the same people
-- engaged with both (cosine similarity of their binary user vectors,
-- n_common_users / sqrt(n_users_a x n_users_b)). Each user contributes their most recent
-- recommender_recent_posts_per_user engaged posts only, which bounds the pairs (a heavy
-- user's thousands of posts would be millions of pairs); each post keeps its
-- recommender_neighbours_per_post most similar posts.
with

recent_posts as (
    select
        user_id,
        content_id
    from {{ ref('int_recommender__interactions') }}
    where training_recency_rank <= {{ var('recommender_recent_posts_per_user') }}
),

users_per_post as (
    select
        content_id,
        count(*) as n_users
    from recent_posts
    group by all
),

co_engagement as (
    select
        post_a.content_id,
        post_b.content_id as neighbour_content_id,
        count(*) as n_common_users
    from recent_posts as post_a
    inner join recent_posts as post_b
        on post_a.user_id = post_b.user_id
            and post_a.content_id <> post_b.content_id
    group by all
),

similarities as (
    select
        co_engagement.content_id,
        co_engagement.neighbour_content_id,
        co_engagement.n_common_users,
        co_engagement.n_common_users
        / sqrt(users_a.n_users * users_b.n_users) as similarity
    from co_engagement
    inner join users_per_post as users_a
        on co_engagement.content_id = users_a.content_id
    inner join users_per_post as users_b
        on co_engagement.neighbour_content_id = users_b.content_id
),

final as (
    select
        content_id,
        neighbour_content_id,
        cast(n_common_users as bigint) as n_common_users,
        cast(similarity as double) as similarity,
        cast(row_number() over (
            partition by content_id
            order by similarity desc, neighbour_content_id asc
        ) as integer) as neighbour_rank
    from similarities
    qualify neighbour_rank <= {{ var('recommender_neighbours_per_post') }}
)

select * from final
