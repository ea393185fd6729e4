-- The next feed each method would rank for each user, learned from the likes, comments and
-- shares before the split: the top recommender_list_size posts per user and method. A post
-- the user already engaged with before the split is never recommended (posts they were only
-- shown stay candidates: the platform shows its popular posts again and again).
--   popularity     the posts the most people engaged with;
--   content        the user's category shares plus an outrage lean (their engaged posts'
--                  mean outrage against everyone's) times the post's outrage, over the most
--                  engaged-with posts of their top categories;
--   collaborative  item-item: the summed similarity (int_recommender__post_neighbours) of a
--                  post to the user's most recent engaged posts;
--   hybrid         over the union of the three lists, the weighted sum of the three scores,
--                  each normalised to 0-1 (popularity by its largest value, the other two by
--                  the user's largest), weights var('recommender_hybrid_weights').
{%- set list_size = var('recommender_list_size') %}
{%- set weights = var('recommender_hybrid_weights') %}
with

users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

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

content as (
    select
        content_id,
        category,
        outrage_score
    from {{ ref('int_content__clean') }}
),

-- popularity: people who engaged with the post before the split
post_popularity as (
    select
        content_id,
        count(*) as n_engaged_users,
        row_number() over (order by count(*) desc, content_id) as popularity_rank
    from interactions
    group by content_id
),

max_popularity as (
    select max(n_engaged_users) as max_engaged_users
    from post_popularity
),

training_posts_per_user as (
    select
        users.user_id,
        count(interactions.content_id) as n_training_posts
    from users
    left join interactions
        on users.user_id = interactions.user_id
    group by all
),

-- a user's list is among the overall top (list size + their own posts), whatever they saw
popularity_scores as (
    select
        training_posts_per_user.user_id,
        post_popularity.content_id,
        cast(post_popularity.n_engaged_users as double) as score
    from training_posts_per_user
    inner join post_popularity
        on post_popularity.popularity_rank
            <= {{ list_size }} + training_posts_per_user.n_training_posts
    anti join interactions
        on training_posts_per_user.user_id = interactions.user_id
            and post_popularity.content_id = interactions.content_id
),

-- content: shares of the user's engaged posts by category, and their outrage lean
engaged_posts as (
    select
        interactions.user_id,
        content.category,
        content.outrage_score
    from interactions
    inner join content
        on interactions.content_id = content.content_id
),

population_outrage as (
    select avg(outrage_score) as mean_engaged_outrage
    from engaged_posts
),

user_outrage_lean as (
    select
        engaged_posts.user_id,
        avg(engaged_posts.outrage_score) - min(population_outrage.mean_engaged_outrage)
            as outrage_lean
    from engaged_posts
    cross join population_outrage
    group by all
),

user_categories as (
    select
        user_id,
        category,
        count(*) * 1.0 / sum(count(*)) over (partition by user_id) as category_share
    from engaged_posts
    group by user_id, category
),

top_user_categories as (
    select
        user_id,
        category,
        category_share
    from user_categories
    qualify row_number() over (
            partition by user_id
            order by category_share desc, category asc
        ) <= {{ var('recommender_content_top_categories') }}
),

category_heads as (
    select
        content.content_id,
        content.category
    from content
    inner join post_popularity
        on content.content_id = post_popularity.content_id
    qualify row_number() over (
            partition by content.category
            order by post_popularity.n_engaged_users desc, content.content_id asc
        ) <= {{ var('recommender_category_head_posts') }}
),

-- the content score of any post for any user with engagements (0 share outside their
-- categories)
content_scored as (
    select
        top_user_categories.user_id,
        category_heads.content_id
    from top_user_categories
    inner join category_heads
        on top_user_categories.category = category_heads.category
    anti join interactions
        on top_user_categories.user_id = interactions.user_id
            and category_heads.content_id = interactions.content_id
),

-- collaborative: similarity to the user's recent engaged posts
collaborative_contributions as (
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
collaborative_because as (
    select
        user_id,
        content_id,
        source_content_id as because_content_id
    from collaborative_contributions
    qualify row_number() over (
            partition by user_id, content_id
            order by similarity desc, source_content_id asc
        ) = 1
),

collaborative_all as (
    select
        collaborative_contributions.user_id,
        collaborative_contributions.content_id,
        sum(collaborative_contributions.similarity) as score,
        min(collaborative_because.because_content_id) as because_content_id
    from collaborative_contributions
    inner join collaborative_because
        on collaborative_contributions.user_id = collaborative_because.user_id
            and collaborative_contributions.content_id = collaborative_because.content_id
    group by collaborative_contributions.user_id, collaborative_contributions.content_id
),

collaborative_scores as (
    select
        collaborative_all.user_id,
        collaborative_all.content_id,
        collaborative_all.score
    from collaborative_all
    anti join interactions
        on collaborative_all.user_id = interactions.user_id
            and collaborative_all.content_id = interactions.content_id
),

content_component as (
    select
        pairs.user_id,
        pairs.content_id,
        coalesce(user_categories.category_share, 0)
        + {{ var('recommender_outrage_weight') }} * coalesce(user_outrage_lean.outrage_lean, 0)
        * (content.outrage_score - population_outrage.mean_engaged_outrage) as score,
        coalesce(user_categories.category_share, 0) as category_share
    from (
        select
            user_id,
            content_id
        from content_scored
        union
        select
            user_id,
            content_id
        from popularity_scores
        union
        select
            user_id,
            content_id
        from collaborative_scores
    ) as pairs
    inner join content
        on pairs.content_id = content.content_id
    cross join population_outrage
    left join user_categories
        on pairs.user_id = user_categories.user_id
            and content.category = user_categories.category
    left join user_outrage_lean
        on pairs.user_id = user_outrage_lean.user_id
),

method_scores as (
    select
        'popularity' as method,
        user_id,
        content_id,
        score
    from popularity_scores
    union all
    select
        'content' as method,
        content_scored.user_id,
        content_scored.content_id,
        content_component.score
    from content_scored
    inner join content_component
        on content_scored.user_id = content_component.user_id
            and content_scored.content_id = content_component.content_id
    union all
    select
        'collaborative' as method,
        user_id,
        content_id,
        score
    from collaborative_scores
),

method_lists as (
    select
        method,
        user_id,
        content_id,
        score,
        row_number() over (
            partition by method, user_id
            order by score desc, content_id asc
        ) as recommendation_rank
    from method_scores
    qualify recommendation_rank <= {{ list_size }}
),

-- the hybrid's pool: every post on one of the user's three lists, scored by all three
pool as (
    select distinct
        user_id,
        content_id
    from method_lists
),

components as (
    select
        pool.user_id,
        pool.content_id,
        coalesce(post_popularity.n_engaged_users, 0) as n_engaged_users,
        coalesce(post_popularity.n_engaged_users, 0) * 1.0
        / max_popularity.max_engaged_users as popularity_component,
        greatest(coalesce(content_component.score, 0), 0) as content_raw,
        coalesce(content_component.category_share, 0) as category_share,
        coalesce(collaborative_all.score, 0) as collaborative_raw,
        collaborative_all.because_content_id
    from pool
    cross join max_popularity
    left join post_popularity
        on pool.content_id = post_popularity.content_id
    left join content_component
        on pool.user_id = content_component.user_id
            and pool.content_id = content_component.content_id
    left join collaborative_all
        on pool.user_id = collaborative_all.user_id
            and pool.content_id = collaborative_all.content_id
),

normalised as (
    select
        user_id,
        content_id,
        n_engaged_users,
        category_share,
        because_content_id,
        popularity_component,
        coalesce(content_raw / nullif(max(content_raw) over (partition by user_id), 0), 0)
            as content_component,
        coalesce(
            collaborative_raw / nullif(max(collaborative_raw) over (partition by user_id), 0), 0
        ) as collaborative_component
    from components
),

hybrid_list as (
    select
        'hybrid' as method,
        user_id,
        content_id,
        {{ weights['popularity'] }} * popularity_component
        + {{ weights['content'] }} * content_component
        + {{ weights['collaborative'] }} * collaborative_component as score,
        row_number() over (
            partition by user_id
            order by score desc, content_id asc
        ) as recommendation_rank
    from normalised
    qualify recommendation_rank <= {{ list_size }}
),

final as (
    select
        lists.user_id,
        cast(lists.method as {{ dbt.type_string() }}) as method,
        cast(lists.recommendation_rank as integer) as recommendation_rank,
        lists.content_id,
        cast(lists.score as double) as score,
        cast(normalised.popularity_component as double) as popularity_component,
        cast(normalised.content_component as double) as content_component,
        cast(normalised.collaborative_component as double) as collaborative_component,
        -- what the reason for the post names: its own method, or the hybrid's largest term
        cast(case
            when lists.method <> 'hybrid' then lists.method
            when {{ weights['content'] }} * normalised.content_component
                >= greatest(
                    {{ weights['popularity'] }} * normalised.popularity_component,
                    {{ weights['collaborative'] }} * normalised.collaborative_component
                ) then 'content'
            when {{ weights['collaborative'] }} * normalised.collaborative_component
                >= {{ weights['popularity'] }} * normalised.popularity_component
                then 'collaborative'
            else 'popularity'
        end as {{ dbt.type_string() }}) as reason_method,
        cast(normalised.n_engaged_users as bigint) as n_engaged_users,
        cast(normalised.category_share as double) as category_share,
        normalised.because_content_id
    from (
        select
            method,
            user_id,
            content_id,
            score,
            recommendation_rank
        from method_lists
        union all
        select
            method,
            user_id,
            content_id,
            score,
            recommendation_rank
        from hybrid_list
    ) as lists
    inner join normalised
        on lists.user_id = normalised.user_id
            and lists.content_id = normalised.content_id
)

select * from final
