{#
    Scoring features in long form, standardised: one row per user (per window `keys`) per
    feature in scoring_feature_columns() that the `scoring_features` seed lists. A feature is
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
    {%- set partition_keys = keys + ['feature_name'] %}
    with

    unpivoted as (
        {%- for feature in scoring_feature_columns() %}
            select
                {% for key in group_keys -%}
                    {{ key }},
                {% endfor -%}
                {% if reference_key is not none -%}
                    {{ reference_key }},
                {% endif -%}
                '{{ feature }}' as feature_name,
                cast({{ feature }} as double) as feature_value
            from {{ user_features }}
            {%- if not loop.last %}
                union all
            {%- endif %}
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

    {% if reference_key is none -%}
        standardised as (
            select
                *,
                (
                    transformed_value
                    - avg(transformed_value) over (partition by {{ partition_keys | join(', ') }})
                )
                / nullif(
                    stddev_pop(transformed_value) over (
                        partition by {{ partition_keys | join(', ') }}
                    ),
                    0
                ) as raw_z
            from transformed
        ),
    {%- else -%}
        {%- if keys | length != 1 %}
            {{ exceptions.raise_compiler_error(
                'standardise_scoring_features: reference_key needs exactly one window key'
            ) }}
        {%- endif %}
        reference_scale as (
            select
                {{ keys[0] }} as reference_window,
                feature_name,
                avg(transformed_value) as reference_mean,
                stddev_pop(transformed_value) as reference_sd
            from transformed
            group by {{ keys[0] }}, feature_name
        ),

        standardised as (
            select
                transformed.*,
                (transformed.transformed_value - reference_scale.reference_mean)
                / nullif(reference_scale.reference_sd, 0) as raw_z
            from transformed
            left join reference_scale
                on transformed.{{ reference_key }} = reference_scale.reference_window
                    and transformed.feature_name = reference_scale.feature_name
        ),
    {%- endif %}

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
