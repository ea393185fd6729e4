{#
    Content diet and reaction to outrage per user (per window): the one definition behind
    int_user_features__content and the windowed features. `events_with_content` holds impressions,
    likes, comments and shares with the post's category, is_high_outrage and is_negative;
    `user_categories` is the output of aggregate_user_categories for the same events;
    `n_categories` is a one-row relation with the number of content categories.
#}
{% macro aggregate_user_content(events_with_content, user_categories, n_categories, keys=[]) -%}
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
            sum(case when event_type = 'impression' then 1 else 0 end) as n_impressions,
            -- An average of integers: a double on every engine (Spark's average of a
            -- decimal keeps only four more decimal places).
            avg(case when event_type = 'impression' and is_high_outrage then 1
                when event_type = 'impression' then 0
            end) as outrage_exposure_share,
            -- Averages of doubles over events: exact, so that they do not depend on the
            -- order in which DuckDB's threads add them.
            {{ exact_avg("case when event_type = 'impression' and is_high_outrage
                then ln(dwell_ms) end") }} as avg_log_dwell_high_outrage,
            {{ exact_avg("case when event_type = 'impression' and not is_high_outrage
                then ln(dwell_ms) end") }} as avg_log_dwell_other,
            sum(case when event_type = 'impression' and is_high_outrage then 1 else 0 end)
                as n_high_outrage_impressions,
            sum(case when event_type = 'share' and is_high_outrage then 1 else 0 end)
                as n_high_outrage_shares,
            sum(case when event_type = 'like' and is_negative then 1
                when event_type = 'comment' and is_negative then 2
                when event_type = 'share' and is_negative then 3
                else 0
            end) as weighted_negative_engagements
        from {{ events_with_content }}
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
