-- Item-item collaborative filtering: each post's summed similarity
-- (int_recommender__post_neighbours) to the user's var('recommender_recent_posts_per_user')
-- most recent engaged posts before the split, and the one of those posts it is most similar
-- to (the reason). Posts the user engaged with before the split are left out.
with

interactions as (
    select
        user_id,
        content_id,
        training_recency_rank
    from {{ ref('int_recommender__interactions') }}
    where is_training
),

neighbours as (
    select
        content_id,
        neighbour_content_id,
        similarity
    from {{ ref('int_recommender__post_neighbours') }}
),

contributions as (
    select
        interactions.user_id,
        neighbours.neighbour_content_id as content_id,
        interactions.content_id as source_content_id,
        neighbours.similarity
    from interactions
    inner join neighbours
        on interactions.content_id = neighbours.content_id
    where interactions.training_recency_rank <= {{ var('recommender_recent_posts_per_user') }}
),

-- the reason: the user's own post most similar to the candidate (ties by content_id)
because as (
    select
        user_id,
        content_id,
        source_content_id as because_content_id
    from contributions
    qualify row_number() over (
            partition by user_id, content_id
            order by similarity desc, source_content_id asc
        ) = 1
),

scores as (
    select
        user_id,
        content_id,
        sum(similarity) as collaborative_score
    from contributions
    group by all
),

final as (
    select
        scores.user_id,
        scores.content_id,
        cast(scores.collaborative_score as double) as collaborative_score,
        because.because_content_id
    from scores
    inner join because
        on scores.user_id = because.user_id
            and scores.content_id = because.content_id
    anti join interactions
        on scores.user_id = interactions.user_id
            and scores.content_id = interactions.content_id
)

select * from final
