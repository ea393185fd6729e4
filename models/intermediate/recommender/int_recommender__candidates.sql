-- The next feed each method would rank for each user: the three single methods' lists
-- (int_recommender__method_lists) and the hybrid's. The hybrid scores every post on one of
-- the user's three lists by all three signals, each normalised to 0-1 (popularity by the
-- largest count, content and collaborative by the user's largest value on that pool), and
-- blends them with var('recommender_hybrid_weights'). Every row carries the three components
-- and the facts the reasons quote.
{%- set weights = var('recommender_hybrid_weights') %}
with

method_lists as (
    select
        user_id,
        method,
        recommendation_rank,
        content_id,
        score
    from {{ ref('int_recommender__method_lists') }}
),

post_popularity as (
    select
        content_id,
        n_engaged_users
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
        collaborative_score,
        because_content_id
    from {{ ref('int_recommender__collaborative_scores') }}
),

content as (
    select
        content_id,
        category,
        outrage_score
    from {{ ref('int_content__clean') }}
),

max_popularity as (
    select max(n_engaged_users) as max_engaged_users
    from post_popularity
),

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
        greatest(
            coalesce(
                affinities.category_share
                + {{ var('recommender_outrage_weight') }} * affinities.outrage_lean
                * (content.outrage_score - affinities.mean_engaged_outrage_score),
                0
            ),
            0
        ) as content_raw,
        coalesce(affinities.category_share, 0) as category_share,
        coalesce(collaborative_scores.collaborative_score, 0) as collaborative_raw,
        collaborative_scores.because_content_id
    from pool
    cross join max_popularity
    inner join content
        on pool.content_id = content.content_id
    left join post_popularity
        on pool.content_id = post_popularity.content_id
    left join affinities
        on pool.user_id = affinities.user_id
            and content.category = affinities.category
    left join collaborative_scores
        on pool.user_id = collaborative_scores.user_id
            and pool.content_id = collaborative_scores.content_id
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
    qualify recommendation_rank <= {{ var('recommender_list_size') }}
),

lists as (
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
    from lists
    inner join normalised
        on lists.user_id = normalised.user_id
            and lists.content_id = normalised.content_id
)

select * from final
