-- Content diet per user: what they are shown, how narrow it is, and how they react to
-- outrage and negativity.
with

events as (
    select
        user_id,
        content_id,
        event_type,
        dwell_ms
    from {{ ref('stg_platform__events') }}
    where event_type in ('impression', 'like', 'comment', 'share')
),

content as (
    select
        content_id,
        category,
        is_high_outrage,
        is_negative
    from {{ ref('stg_platform__content') }}
),

n_categories as (
    select count(distinct category) as n_categories
    from content
),

events_with_content as (
    select
        events.user_id,
        events.event_type,
        events.dwell_ms,
        content.category,
        content.is_high_outrage,
        content.is_negative
    from events
    inner join content
        on events.content_id = content.content_id
),

impressions_per_category as (
    select
        user_id,
        category,
        n_impressions
    from {{ ref('feat_user_categories') }}
    where n_impressions > 0
),

category_shares as (
    select
        user_id,
        category,
        n_impressions * 1.0 / sum(n_impressions) over (partition by user_id) as category_share,
        row_number() over (
            partition by user_id order by n_impressions desc, category asc
        ) as category_rank
    from impressions_per_category
),

diet as (
    select
        category_shares.user_id,
        -- Shannon entropy of the category mix, divided by its maximum: 1 = evenly spread,
        -- 0 = a single category.
        -sum(category_shares.category_share * ln(category_shares.category_share))
        / ln(max(n_categories.n_categories)) as category_entropy,
        max(case when category_shares.category_rank = 1 then category_shares.category end)
            as top_category,
        max(category_shares.category_share) as top_category_share
    from category_shares
    cross join n_categories
    group by category_shares.user_id
),

reactions as (
    select
        user_id,
        sum(case when event_type = 'impression' then 1 else 0 end) as n_impressions,
        avg(case when event_type = 'impression' and is_high_outrage then 1.0
            when event_type = 'impression' then 0.0
        end) as outrage_exposure_share,
        avg(case when event_type = 'impression' and is_high_outrage then ln(dwell_ms) end)
            as avg_log_dwell_high_outrage,
        avg(case when event_type = 'impression' and not is_high_outrage then ln(dwell_ms) end)
            as avg_log_dwell_other,
        sum(case when event_type = 'impression' and is_high_outrage then 1 else 0 end)
            as n_high_outrage_impressions,
        sum(case when event_type = 'share' and is_high_outrage then 1 else 0 end)
            as n_high_outrage_shares,
        sum(case when event_type = 'like' and is_negative then 1
            when event_type = 'comment' and is_negative then 2
            when event_type = 'share' and is_negative then 3
            else 0
        end) as weighted_negative_engagements
    from events_with_content
    group by user_id
),

final as (
    select
        reactions.user_id,
        diet.category_entropy,
        diet.top_category,
        diet.top_category_share,
        case
            when diet.top_category_share >= {{ var('feed_bias_min_share') }} then diet.top_category
            else 'diverse'
        end as feed_bias_category,
        reactions.outrage_exposure_share,
        -- How much longer high-outrage posts stay on screen than others, as a ratio of
        -- geometric means (log scale); null when either kind was seen fewer than 5 times.
        case
            when reactions.n_high_outrage_impressions >= 5
                and reactions.n_impressions - reactions.n_high_outrage_impressions >= 5
                then reactions.avg_log_dwell_high_outrage - reactions.avg_log_dwell_other
        end as outrage_dwell_lift,
        100.0 * reactions.n_high_outrage_shares
        / nullif(reactions.n_high_outrage_impressions, 0) as outrage_shares_per_100_views,
        -- ShadowPersona's original score: engagements with negative posts, weighted by effort
        -- (like 1, comment 2, share 3), per 100 posts seen.
        100.0 * reactions.weighted_negative_engagements
        / nullif(reactions.n_impressions, 0) as total_negative_engagement_score
    from reactions
    left join diet
        on reactions.user_id = diet.user_id
)

select * from final
