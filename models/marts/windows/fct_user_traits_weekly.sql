-- Weekly snapshots of each user's trait scores: one row per scoring method per week per
-- user per trait, for users with a session that week. Long like fct_user_traits (user,
-- trait, band), with the week as one more key, so that a rule on trait bands (a persona)
-- applies to a week exactly as to the whole period. Each week's features are standardised
-- against the baseline week (var('drift_baseline_week')), so raw scores of different weeks
-- are on one scale; baseline_band and psi_bin cut them at the baseline week's quantiles.
{%- set n_bins = var('drift_psi_bins') %}

with

-- scores of every method (method is part of the grain; the pages show the hand-set ones)
window_traits as (
    select
        method,
        window_number as week_number,
        window_first_date as week_first_date,
        window_last_date as week_last_date,
        user_id,
        trait,
        observed_days,
        n_events,
        raw_score,
        score,
        percentile,
        band
    from {{ ref('fct_user_traits_by_window') }}
    where window_type = 'week'
),

baseline_cut_points as (
    select
        method,
        trait,
        {%- for k in range(1, n_bins) %}
            percentile_cont({{ k / n_bins }}) within group (order by raw_score) as cut_{{ k }},
        {%- endfor %}
        {%- set low_q = var('band_low_max_percentile') / 100 %}
        {%- set high_q = var('band_high_min_percentile') / 100 %}
        percentile_cont({{ low_q }}) within group (order by raw_score) as low_band_below,
        percentile_cont({{ high_q }}) within group (order by raw_score) as high_band_from
    from window_traits
    where week_number = {{ var('drift_baseline_week') }}
    group by method, trait
),

final as (
    select
        window_traits.*,
        -- The band against the baseline week's quartiles of raw_score, not this week's: a
        -- shift of the whole population moves users between these bands.
        case
            when window_traits.raw_score >= baseline_cut_points.high_band_from then 'high'
            when window_traits.raw_score < baseline_cut_points.low_band_below then 'low'
            else 'medium'
        end as baseline_band,
        -- 1 to var('drift_psi_bins'): the baseline quantile bin the raw score falls in.
        1
        {%- for k in range(1, n_bins) %}
            + case when window_traits.raw_score >= baseline_cut_points.cut_{{ k }} then 1 else 0 end
        {%- endfor %} as psi_bin
    from window_traits
    inner join baseline_cut_points
        on window_traits.method = baseline_cut_points.method
            and window_traits.trait = baseline_cut_points.trait
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(week_number as integer) as week_number,
    cast(week_first_date as date) as week_first_date,
    cast(week_last_date as date) as week_last_date,
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(observed_days as integer) as observed_days,
    cast(n_events as bigint) as n_events,
    cast(raw_score as double) as raw_score,
    cast(score as double) as score,
    cast(percentile as double) as percentile,
    cast(band as {{ dbt.type_string() }}) as band,
    cast(baseline_band as {{ dbt.type_string() }}) as baseline_band,
    cast(psi_bin as integer) as psi_bin
from final
