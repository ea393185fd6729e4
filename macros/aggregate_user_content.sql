{#
    Content diet and reaction to outrage per user (per window): the one definition, used by
    int_user_features__by_window for every window (the whole period is its window `all`). `post_days` holds the user's rows
    of int_user_days__post_events (one per local day and category) with the window `keys`;
    `user_categories` is the output of aggregate_user_categories for the same rows;
    `n_categories` is a one-row relation with the number of content categories.
#}
{% macro aggregate_user_content(post_days, user_categories, n_categories, keys=[]) -%}
    {%- set group_keys = keys + ['user_id'] %}
    with

    category_shares as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            category,
            n_impressions * 1.0
            / sum(n_impressions) over (partition by {{ group_keys | join(', ') }})
                as category_share,
            row_number() over (
                partition by {{ group_keys | join(', ') }}
                order by n_impressions desc, category asc
            ) as category_rank
        from {{ user_categories }}
        where n_impressions > 0
    ),

    diet as (
        select
            {% for key in group_keys -%}
                category_shares.{{ key }},
            {% endfor -%}
            -- Shannon entropy of the category mix, divided by its maximum: 1 = evenly spread,
            -- 0 = a single category. An exact sum: over windows x users x categories the
            -- table is split between DuckDB's threads, which add in a varying order.
            -{{ exact_sum('category_shares.category_share * ln(category_shares.category_share)') }}
            / ln(max(n_categories.n_categories)) as category_entropy,
            max(case when category_shares.category_rank = 1 then category_shares.category end)
                as top_category,
            max(category_shares.category_share) as top_category_share
        from category_shares
        cross join {{ n_categories }} as n_categories
        group by
            {% for key in group_keys -%}
                category_shares.{{ key }}{{ ',' if not loop.last }}
            {% endfor %}
    ),

    reactions as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            sum(n_impressions) as n_impressions,
            -- A share of counts: a double on every engine.
            cast(sum(n_high_outrage_impressions) as double)
            / nullif(sum(n_impressions), 0) as outrage_exposure_share,
            -- Averages of log dwell over impressions, from the per-day exact sums: the same
            -- value as averaging the events, in any order DuckDB's threads add them.
            {{ exact_sum('sum_log_dwell_high_outrage') }}
            / nullif(sum(n_log_dwell_high_outrage), 0) as avg_log_dwell_high_outrage,
            {{ exact_sum('sum_log_dwell_other') }}
            / nullif(sum(n_log_dwell_other), 0) as avg_log_dwell_other,
            sum(n_high_outrage_impressions) as n_high_outrage_impressions,
            sum(n_high_outrage_shares) as n_high_outrage_shares,
            sum(weighted_negative_engagements) as weighted_negative_engagements
        from {{ post_days }}
        -- The posts of a known category that were seen, liked, commented on or shared.
        where category is not null
            and n_impressions + n_likes + n_comments + n_shares > 0
        group by {{ group_keys | join(', ') }}
    )

    select
        {% for key in group_keys -%}
            reactions.{{ key }},
        {% endfor -%}
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
        on {{ join_condition('reactions', 'diet', group_keys) }}
{%- endmacro %}
