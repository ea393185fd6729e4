-- Each single method's list for each user: its top var('recommender_list_size') posts, never
-- one the user engaged with before the split (posts they were only shown stay candidates:
-- the platform shows its popular posts again and again).
--   popularity     the posts the most people engaged with;
--   content        category share + var('recommender_outrage_weight') x outrage lean x (post
--                  outrage - mean engaged outrage), scored only on the most engaged-with posts
--                  (var('recommender_category_head_posts')) of the user's top
--                  var('recommender_content_top_categories') categories, so that no user x
--                  catalogue cross join is needed;
--   collaborative  the summed item-item similarity (int_recommender__collaborative_scores).
{%- set list_size = var('recommender_list_size') %}
with

users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

interactions as (
    select
        user_id,
        content_id
    from {{ ref('int_recommender__interactions') }}
    where is_training
),

post_popularity as (
    select
        content_id,
        category,
        n_engaged_users,
        popularity_rank,
        category_popularity_rank
    from {{ ref('int_recommender__post_popularity') }}
),

affinities as (
    select
        user_id,
        category,
        category_share,
        outrage_lean,
        mean_engaged_outrage_score
    from {{ ref('int_recommender__user_affinities') }}
),

collaborative_scores as (
    select
        user_id,
        content_id,
        collaborative_score
    from {{ ref('int_recommender__collaborative_scores') }}
),

content as (
    select
        content_id,
        outrage_score
    from {{ ref('int_content__clean') }}
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

top_categories as (
    select
        user_id,
        category,
        category_share,
        outrage_lean,
        mean_engaged_outrage_score
    from affinities
    where category_share > 0
    qualify row_number() over (
            partition by user_id
            order by category_share desc, category asc
        ) <= {{ var('recommender_content_top_categories') }}
),

content_scores as (
    select
        top_categories.user_id,
        post_popularity.content_id,
        top_categories.category_share
        + {{ var('recommender_outrage_weight') }} * top_categories.outrage_lean
        * (content.outrage_score - top_categories.mean_engaged_outrage_score) as score
    from top_categories
    inner join post_popularity
        on top_categories.category = post_popularity.category
    inner join content
        on post_popularity.content_id = content.content_id
    anti join interactions
        on top_categories.user_id = interactions.user_id
            and post_popularity.content_id = interactions.content_id
    where post_popularity.category_popularity_rank
        <= {{ var('recommender_category_head_posts') }}
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
        user_id,
        content_id,
        score
    from content_scores
    union all
    select
        'collaborative' as method,
        user_id,
        content_id,
        collaborative_score as score
    from collaborative_scores
),

final as (
    select
        user_id,
        cast(method as {{ dbt.type_string() }}) as method,
        cast(row_number() over (
            partition by method, user_id
            order by score desc, content_id asc
        ) as integer) as recommendation_rank,
        content_id,
        cast(score as double) as score
    from method_scores
    qualify recommendation_rank <= {{ list_size }}
)

select * from final
