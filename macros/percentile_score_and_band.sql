{#
    The one definition of a trait's score and band, from its population percentile (a column
    already rounded as it is published): `score` is the whole percentile (84 = more of the
    trait than 84 of 100 people) and `band` cuts the same percentile at the band vars. Both
    fct_user_traits and fct_user_traits_by_window select it, so the three numbers agree on
    every row of both marts.
#}
{% macro percentile_score_and_band(percentile) -%}
    floor({{ percentile }}) as score,
    case
        when {{ percentile }} >= {{ var('band_high_min_percentile') }} then 'high'
        when {{ percentile }} < {{ var('band_low_max_percentile') }} then 'low'
        else 'medium'
    end as band
{%- endmacro %}
