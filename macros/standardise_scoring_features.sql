{#
    Scoring features in long form, standardised: one row per user (per window `keys`) per
    feature that the `scoring_features` seed lists (scoring_feature_columns()). A feature is
    transformed as the seed says (log1p for heavy-tailed rates and durations), turned into a
    z-score and clipped to +/- var('feature_z_clip'). A missing value gets z = 0 (the mean).
    The mean and standard deviation come from the same window's population, or, with
    `reference_key` (a column of `user_features` naming another value of the single window
    key), from that reference window's population: a frozen scale, as a deployed model keeps.
#}
{% macro standardise_scoring_features(
    user_features, scoring_features, keys=[], reference_key=none
) -%}
    {%- set group_keys = keys + ['user_id'] %}
    {%- set carried = group_keys + ([reference_key] if reference_key is not none else []) %}
    with

    unpivoted as (
        {%- for feature in scoring_feature_columns() %}
            select
                {{ carried | join(', ') }},
                '{{ feature }}' as feature_name,
                cast({{ feature }} as double) as feature_value
            from {{ user_features }}
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- else %}
            -- No feature list: compiled while parsing, or without a database holding the seed.
            select
                {{ carried | join(', ') }},
                cast(null as {{ dbt.type_string() }}) as feature_name,
                cast(null as double) as feature_value
            from {{ user_features }}
            where false
        {%- endfor %}
    ),

    transformed as (
        select
            unpivoted.*,
            case scoring_features.value_transform
                when 'log1p' then ln(1 + unpivoted.feature_value)
                else unpivoted.feature_value
            end as transformed_value
        from unpivoted
        inner join {{ scoring_features }} as scoring_features
            on unpivoted.feature_name = scoring_features.feature_name
    ),

    {%- if reference_key is not none and keys | length != 1 %}
        {{ exceptions.raise_compiler_error(
            'standardise_scoring_features: reference_key needs exactly one window key'
        ) }}
    {%- endif %}

    population_sums as (
        -- Exact decimal sums: a double sum depends on the order its rows arrive in, which SQL
        -- leaves open, so two builds of the same data would differ in the last bits of every
        -- z-score (docs/operations.md#deterministic-builds). Transformed values are small
        -- (logs, shares, rates), so 10 decimals lose nothing that matters and the sums cannot
        -- overflow.
        select
            {% for key in keys -%}
                {{ key }} as scale_{{ key }},
            {% endfor -%}
            feature_name,
            count(transformed_value) as n_values,
            sum(cast(transformed_value as decimal(38, 10))) as value_sum,
            sum(
                cast(transformed_value as decimal(38, 10))
                * cast(transformed_value as decimal(38, 10))
            ) as value_square_sum,
            min(transformed_value) = max(transformed_value) as is_constant
        from transformed
        group by all
    ),

    population_scale as (
        select
            *,
            cast(value_sum as double) / n_values as scale_mean,
            -- A constant feature has no spread: its z-score is missing (imputed as 0 below).
            case
                when not is_constant
                    then sqrt(greatest(
                        cast(value_square_sum as double) / n_values
                        - power(cast(value_sum as double) / n_values, 2),
                        0
                    ))
            end as scale_sd
        from population_sums
    ),

    standardised as (
        select
            transformed.*,
            (transformed.transformed_value - population_scale.scale_mean)
            / nullif(population_scale.scale_sd, 0) as raw_z
        from transformed
        left join population_scale
            on transformed.feature_name = population_scale.feature_name
            {%- for key in keys %}
                {#- a window is scaled by its own population, or by its reference window's #}
                and transformed.{{ reference_key or key }} = population_scale.scale_{{ key }}
            {%- endfor %}
    ),

    final as (
        select
            {% for key in group_keys -%}
                {{ key }},
            {% endfor -%}
            feature_name,
            feature_value,
            transformed_value,
            raw_z is null as is_imputed,
            case
                when raw_z is null then 0.0
                when raw_z > {{ var('feature_z_clip') }} then {{ var('feature_z_clip') }} * 1.0
                when raw_z < -{{ var('feature_z_clip') }} then -{{ var('feature_z_clip') }} * 1.0
                else raw_z
            end as z_score
        from standardised
    )

    select * from final
{%- endmacro %}
