-- What the platform would show each profiled person next, and why: each method's first
-- var('recommender_top_k') posts (int_recommender__candidates), with the post's topic and
-- outrage and a one-line reason in words built from the signal behind the post.
with

candidates as (
    select
        user_id,
        method,
        recommendation_rank,
        content_id,
        score,
        reason_method,
        n_engaged_users,
        category_share,
        because_content_id
    from {{ ref('int_recommender__candidates') }}
    where recommendation_rank <= {{ var('recommender_top_k') }}
),

profiled_users as (
    select user_id
    from {{ ref('dim_users') }}
    where is_profiled
),

content as (
    select
        content_id,
        category,
        outrage_score,
        is_high_outrage
    from {{ ref('int_content__clean') }}
),

final as (
    select
        candidates.user_id,
        cast(candidates.method as {{ dbt.type_string() }}) as method,
        cast(candidates.recommendation_rank as integer) as recommendation_rank,
        candidates.content_id,
        cast(content.category as {{ dbt.type_string() }}) as category,
        cast(content.outrage_score as double) as outrage_score,
        content.is_high_outrage,
        cast(candidates.score as double) as score,
        cast(candidates.reason_method as {{ dbt.type_string() }}) as reason_method,
        candidates.because_content_id,
        cast(case candidates.reason_method
            when 'content'
                then
                    'because ' || cast(round(100 * candidates.category_share) as integer)
                    || '% of the posts you liked, commented on or shared were '
                    || replace(content.category, '_', ' ')
            when 'collaborative'
                then
                    'because people who engaged with post '
                    || cast(candidates.because_content_id as {{ dbt.type_string() }})
                    || ' ('
                    || replace(because.category, '_', ' ')
                    || '), as you did, also engaged with this one'
            else
                'because it is one of the most engaged-with posts: '
                || cast(candidates.n_engaged_users as {{ dbt.type_string() }})
                || ' people liked, commented on or shared it'
        end as {{ dbt.type_string() }}) as reason
    from candidates
    inner join profiled_users
        on candidates.user_id = profiled_users.user_id
    inner join content
        on candidates.content_id = content.content_id
    left join content as because
        on candidates.because_content_id = because.content_id
)

select * from final
