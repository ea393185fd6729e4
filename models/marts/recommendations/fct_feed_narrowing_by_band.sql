-- The profile narrows the feed: for each trait band of the published (hand-set) profile, what
-- the hybrid's first screen (fct_user_recommendations, top var('recommender_top_k')) holds
-- against the popularity feed's for the same people: mean outrage, the share of high-outrage
-- posts, the share of the screen taken by its most frequent topic, and how many topics it
-- shows. Popularity shows nearly everyone the same posts, so the differences are what the
-- personalisation adds.
with

recommendations as (
    select
        user_id,
        method,
        content_id,
        category,
        outrage_score,
        is_high_outrage
    from {{ ref('fct_user_recommendations') }}
    where method in ('hybrid', 'popularity')
),

user_traits as (
    select
        user_id,
        trait,
        band
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

category_counts as (
    select
        user_id,
        method,
        category,
        count(*) as n_posts
    from recommendations
    group by all
),

user_screens as (
    select
        user_id,
        method,
        max(n_posts) * 1.0 / sum(n_posts) as top_category_share,
        count(*) as n_categories
    from category_counts
    group by all
),

user_outrage as (
    select
        user_id,
        method,
        {{ exact_avg('outrage_score') }} as mean_outrage_score,
        avg(case when is_high_outrage then 1.0 else 0.0 end) as high_outrage_share
    from recommendations
    group by all
),

per_user as (
    select
        user_screens.user_id,
        user_screens.method,
        user_screens.top_category_share,
        user_screens.n_categories,
        user_outrage.mean_outrage_score,
        user_outrage.high_outrage_share
    from user_screens
    inner join user_outrage
        on user_screens.user_id = user_outrage.user_id
            and user_screens.method = user_outrage.method
),

per_band as (
    select
        user_traits.trait,
        user_traits.band,
        count(distinct user_traits.user_id) as n_users,
        {{ exact_avg("case when per_user.method = 'hybrid' then per_user.mean_outrage_score end") }}
            as hybrid_mean_outrage_score,
        {{ exact_avg("case when per_user.method = 'popularity'"
                     " then per_user.mean_outrage_score end") }}
            as popularity_mean_outrage_score,
        {{ exact_avg("case when per_user.method = 'hybrid' then per_user.high_outrage_share end") }}
            as hybrid_high_outrage_share,
        {{ exact_avg("case when per_user.method = 'popularity'"
                     " then per_user.high_outrage_share end") }}
            as popularity_high_outrage_share,
        {{ exact_avg("case when per_user.method = 'hybrid' then per_user.top_category_share end") }}
            as hybrid_top_category_share,
        {{ exact_avg("case when per_user.method = 'popularity'"
                     " then per_user.top_category_share end") }}
            as popularity_top_category_share,
        {{ exact_avg("case when per_user.method = 'hybrid' then per_user.n_categories end") }}
            as hybrid_n_categories,
        {{ exact_avg("case when per_user.method = 'popularity'"
                     " then per_user.n_categories end") }}
            as popularity_n_categories
    from user_traits
    inner join per_user
        on user_traits.user_id = per_user.user_id
    group by all
),

final as (
    select
        cast(trait as {{ dbt.type_string() }}) as trait,
        cast(band as {{ dbt.type_string() }}) as band,
        cast(case band when 'low' then 1 when 'medium' then 2 else 3 end as integer) as band_order,
        cast(n_users as bigint) as n_users,
        cast(hybrid_mean_outrage_score as double) as hybrid_mean_outrage_score,
        cast(popularity_mean_outrage_score as double) as popularity_mean_outrage_score,
        cast(hybrid_mean_outrage_score - popularity_mean_outrage_score as double)
            as outrage_score_difference,
        cast(hybrid_high_outrage_share as double) as hybrid_high_outrage_share,
        cast(popularity_high_outrage_share as double) as popularity_high_outrage_share,
        cast(hybrid_high_outrage_share - popularity_high_outrage_share as double)
            as high_outrage_share_difference,
        cast(hybrid_top_category_share as double) as hybrid_top_category_share,
        cast(popularity_top_category_share as double) as popularity_top_category_share,
        cast(hybrid_top_category_share - popularity_top_category_share as double)
            as top_category_share_difference,
        cast(hybrid_n_categories as double) as hybrid_mean_categories,
        cast(popularity_n_categories as double) as popularity_mean_categories
    from per_band
)

select * from final
