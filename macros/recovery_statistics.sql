{#
    How well a score recovers a reference score, per group: the one definition of the
    recovery statistics of every evaluation mart. `paired` names a relation or CTE with one
    row per scored user (or user-window) per group, holding the `group_columns`, `raw_score`
    (the profile's score) and `reference_score` (what it should recover: the planted trait or
    a self-report). Returns a select with the group columns, n_users, spearman_rho (the
    Pearson correlation of average ranks), pearson_r and auc_top_quartile (the probability
    that a random user from the reference's top quartile within the group scores above a
    random user outside it: Mann-Whitney U over both group sizes). Correlations use exact
    sums (exact_corr), so they do not depend on row order. Where a correlation is undefined,
    `no_spread` says what to publish: 'zero' (a constant score carries no information: its
    correlations are 0, its AUC 0.5) or 'null' (undefined when either side has no spread,
    e.g. a group of one user).
#}
{% macro recovery_statistics(paired, group_columns, no_spread='zero') -%}
    {%- if no_spread not in ['zero', 'null'] -%}
        {{ exceptions.raise_compiler_error(
            "recovery_statistics: no_spread must be 'zero' or 'null', not '" ~ no_spread ~ "'"
        ) }}
    {%- endif -%}
    {%- set groups = group_columns | join(', ') -%}
    with

    ranked as (
        select
            *,
            -- Average rank for ties: the first rank of the tie plus half the tie's extra size.
            rank() over (partition by {{ groups }} order by raw_score)
            + (count(*) over (partition by {{ groups }}, raw_score) - 1) / 2.0 as score_rank,
            rank() over (partition by {{ groups }} order by reference_score)
            + (count(*) over (partition by {{ groups }}, reference_score) - 1) / 2.0
                as reference_rank,
            percent_rank() over (
                partition by {{ groups }} order by reference_score
            ) as reference_percent_rank
        from {{ paired }}
    ),

    labelled as (
        select
            *,
            case when reference_percent_rank >= 0.75 then 1 else 0 end as is_reference_top_quartile
        from ranked
    ),

    per_group as (
        select
            {{ groups }},
            count(*) as n_users,
            min(raw_score) < max(raw_score) as score_has_spread,
            min(reference_score) < max(reference_score) as reference_has_spread,
            {{ exact_corr('score_rank', 'reference_rank') }} as rank_correlation,
            {{ exact_corr('raw_score', 'reference_score') }} as value_correlation,
            sum(is_reference_top_quartile) as n_truly_high,
            sum(case when is_reference_top_quartile = 1 then score_rank else 0 end) as sum_rank_truly_high
        from labelled
        group by {{ groups }}
    )

    select
        {{ groups }},
        n_users,
        {%- if no_spread == 'zero' %}
            case when score_has_spread then rank_correlation else 0.0 end as spearman_rho,
            case when score_has_spread then value_correlation else 0.0 end as pearson_r,
        {%- else %}
            case
                when score_has_spread and reference_has_spread then rank_correlation
            end as spearman_rho,
            case
                when score_has_spread and reference_has_spread then value_correlation
            end as pearson_r,
        {%- endif %}
        (sum_rank_truly_high - n_truly_high * (n_truly_high + 1) / 2.0)
        / nullif(n_truly_high * (n_users - n_truly_high) * 1.0, 0) as auc_top_quartile
    from per_group
{%- endmacro %}
