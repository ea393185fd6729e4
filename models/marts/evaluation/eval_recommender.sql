-- How well each recommender method predicts what people engaged with after the time split:
-- one row per method per cut-off k (var('recommender_eval_k')). The held-out posts of a user
-- are those they liked, commented on or shared in the held-out days and had not engaged with
-- before (posts engaged with before are never recommended). Evaluated: the profiled users
-- with at least one held-out post. Relevance is binary.
--   hit rate@k  share of evaluated users with at least one held-out post in their top k;
--   NDCG@k      mean over evaluated users of DCG / ideal DCG, DCG = sum over held-out posts
--               in the top k of 1 / log2(rank + 1), the ideal over min(k, held-out posts)
--               hits at ranks 1, 2, ...;
--   coverage    share of evaluated users given a full list of k posts (seed 004's sense),
--               and the share of the catalogue in anyone's top k.
{%- set eval_k = var('recommender_eval_k') %}
with

candidates as (
    select
        user_id,
        method,
        recommendation_rank,
        content_id
    from {{ ref('int_recommender__candidates') }}
),

interactions as (
    select
        user_id,
        content_id,
        is_training
    from {{ ref('int_recommender__interactions') }}
),

profiled_users as (
    select user_id
    from {{ ref('dim_users') }}
    where is_profiled
),

catalogue as (
    select count(*) as n_posts
    from {{ ref('int_content__clean') }}
),

cutoffs as (
    {%- for k in eval_k %}
        select {{ k }} as k{{ ' union all' if not loop.last }}
    {%- endfor %}
),

methods as (
    select 'popularity' as method
    union all
    select 'content'
    union all
    select 'collaborative'
    union all
    select 'hybrid'
),

-- ranks 1 .. the largest k, for the ideal DCG
positions as (
    {%- for list_position in range(1, eval_k | max + 1) %}
        select {{ list_position }} as list_position{{ ' union all' if not loop.last }}
    {%- endfor %}
),

held_out as (
    select
        test.user_id,
        test.content_id
    from interactions as test
    inner join profiled_users
        on test.user_id = profiled_users.user_id
    anti join interactions as training
        on test.user_id = training.user_id
            and test.content_id = training.content_id
            and training.is_training
    where not test.is_training
),

evaluated_users as (
    select
        user_id,
        count(*) as n_held_out
    from held_out
    group by all
),

ideal_dcg as (
    select
        evaluated_users.user_id,
        cutoffs.k,
        {{ exact_sum('1 / log2(positions.list_position + 1)') }} as ideal_dcg
    from evaluated_users
    cross join cutoffs
    inner join positions
        on positions.list_position <= least(cutoffs.k, evaluated_users.n_held_out)
    group by all
),

user_results as (
    select
        methods.method,
        cutoffs.k,
        evaluated_users.user_id,
        count(candidates.content_id) as n_recommended,
        count(held_out.content_id) as n_hits,
        -- exact sums and averages: a double sum depends on the order of its rows, and two
        -- builds of the same data gave different last bits (test_dirty_data)
        coalesce(
            {{ exact_sum("case when held_out.content_id is not null"
                         " then 1 / log2(candidates.recommendation_rank + 1) end") }},
            0
        ) as dcg
    from evaluated_users
    cross join methods
    cross join cutoffs
    left join candidates
        on evaluated_users.user_id = candidates.user_id
            and methods.method = candidates.method
            and cutoffs.k >= candidates.recommendation_rank
    left join held_out
        on candidates.user_id = held_out.user_id
            and candidates.content_id = held_out.content_id
    group by all
),

catalogue_shown as (
    select
        candidates.method,
        cutoffs.k,
        count(distinct candidates.content_id) as n_posts_recommended
    from candidates
    inner join profiled_users
        on candidates.user_id = profiled_users.user_id
    inner join cutoffs
        on candidates.recommendation_rank <= cutoffs.k
    group by all
),

final as (
    select
        cast(user_results.method as {{ dbt.type_string() }}) as method,
        cast(user_results.k as integer) as k,
        cast(count(*) as bigint) as n_users_evaluated,
        cast(avg(case when user_results.n_hits > 0 then 1.0 else 0.0 end) as double)
            as hit_rate,
        {{ exact_avg('user_results.dcg / ideal_dcg.ideal_dcg') }} as ndcg,
        {{ exact_avg('user_results.n_hits * 1.0 / user_results.k') }} as precision_at_k,
        cast(
            avg(case when user_results.n_recommended = user_results.k then 1.0 else 0.0 end)
            as double
        ) as user_coverage,
        cast(
            min(coalesce(catalogue_shown.n_posts_recommended, 0)) * 1.0
            / min(catalogue.n_posts) as double
        ) as catalogue_coverage
    from user_results
    inner join ideal_dcg
        on user_results.user_id = ideal_dcg.user_id
            and user_results.k = ideal_dcg.k
    cross join catalogue
    left join catalogue_shown
        on user_results.method = catalogue_shown.method
            and user_results.k = catalogue_shown.k
    group by user_results.method, user_results.k
)

select * from final
