-- Who engaged with which post, before and after the recommender's time split: likes,
-- comments and shares (int_post_actions__matched) grouped per user, post and period, so that
-- the recommender and its evaluation never read the event grain. The split is one UTC
-- instant for everyone, recommender_test_days days before the world's end, so that no
-- training row is later than any held-out one.
with

actions as (
    select
        user_id,
        content_id,
        event_type,
        acted_at
    from {{ ref('int_post_actions__matched') }}
),

world as (
    select
        {{ dbt.dateadd(
            'day', -var('recommender_test_days'), 'cast(world_end_date as timestamp)'
        ) }} as split_at
    from {{ ref('stg_platform__world') }}
),

grouped as (
    select
        actions.user_id,
        actions.content_id,
        actions.acted_at < world.split_at as is_training,
        cast(count(*) as bigint) as n_actions,
        cast(sum(case when actions.event_type = 'share' then 1 else 0 end) as bigint)
            as n_shares,
        min(actions.acted_at) as first_acted_at,
        max(actions.acted_at) as last_acted_at,
        min(world.split_at) as split_at
    from actions
    cross join world
    group by all
),

final as (
    select
        *,
        -- 1 = the post the user engaged with last before the split (null after it)
        case when is_training then
                cast(row_number() over (
                    partition by user_id, is_training
                    order by last_acted_at desc, content_id asc
                ) as integer)
        end as training_recency_rank
    from grouped
)

select * from final
