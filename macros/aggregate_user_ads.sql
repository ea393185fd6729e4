{#
    Ad response per user (per window): the one definition, used by int_user_features__by_window
    for every window (the whole period is its window `all`). Rates are smoothed toward the population rate of the same window with
    a prior worth 20 impressions, so a user who saw three ads and clicked one is not a "33 %
    CTR" user. `ad_impressions` holds one row per ad shown, with is_clicked, is_converted and
    time_to_click_ms.
#}
{% macro aggregate_user_ads(ad_impressions, keys=[]) -%}
    {%- set group_keys = keys + ['user_id'] %}
    with

    per_user as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            count(*) as n_ad_impressions,
            sum(case when is_clicked then 1 else 0 end) as n_ad_clicks,
            sum(case when is_converted then 1 else 0 end) as n_ad_conversions,
            median(time_to_click_ms) as median_time_to_click_ms
        from {{ ad_impressions }}
        group by {{ group_keys | join(', ') }}
    ),

    population as (
        select
            {% for key in keys -%}
                {{ key }},
            {% endfor -%}
            sum(n_ad_clicks) * 1.0 / sum(n_ad_impressions) as population_ctr,
            sum(n_ad_conversions) * 1.0 / sum(n_ad_impressions) as population_conversion_rate
        from per_user
        {%- if keys %}
            group by {{ keys | join(', ') }}
        {%- endif %}
    )

    select
        {% for key in group_keys -%}
            per_user.{{ key }},
        {% endfor -%}
        per_user.n_ad_impressions,
        per_user.n_ad_clicks,
        per_user.n_ad_conversions,
        (per_user.n_ad_clicks + 20 * population.population_ctr)
        / (per_user.n_ad_impressions + 20) as ad_ctr,
        100.0 * (per_user.n_ad_conversions + 20 * population.population_conversion_rate)
        / (per_user.n_ad_impressions + 20) as ad_conversions_per_100_ads,
        per_user.median_time_to_click_ms
    from per_user
    {%- if keys %}
        inner join population
            on {{ join_condition('per_user', 'population', keys) }}
    {%- else %}
        cross join population
    {%- endif %}
{%- endmacro %}
