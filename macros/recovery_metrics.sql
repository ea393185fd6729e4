{#
    How well a score recovers a reference score, per group: the shared arithmetic of the
    evaluation marts. `paired` names a relation or CTE with one row per user per group, holding
    the group columns, `raw_score` (the profile's score) and `reference_score` (what it should
    recover: the planted trait or a self-report). Returns a select with the group columns,
    n_users, spearman_rho (the Pearson correlation of average ranks), pearson_r and
    auc_top_quartile (the probability that a random user from the reference's top quartile
    scores above a random user outside it: Mann-Whitney U over both group sizes). A constant
    score carries no information: its correlations are 0 (not null) and its AUC is 0.5.
#}
{% macro recovery_metrics(paired, group_columns) -%}
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
            case when reference_percent_rank >= 0.75 then 1 else 0 end as is_truly_high
        from ranked
    ),

    per_group as (
        select
            {{ groups }},
            count(*) as n_users,
            stddev_pop(raw_score) as score_spread,
            {{ exact_corr('score_rank', 'reference_rank') }} as rank_correlation,
            {{ exact_corr('raw_score', 'reference_score') }} as value_correlation,
            sum(is_truly_high) as n_truly_high,
            sum(case when is_truly_high = 1 then score_rank else 0 end) as sum_rank_truly_high
        from labelled
        group by {{ groups }}
    )

    select
        {{ groups }},
        n_users,
        case when score_spread = 0 then 0.0 else rank_correlation end as spearman_rho,
        case when score_spread = 0 then 0.0 else value_correlation end as pearson_r,
        (sum_rank_truly_high - n_truly_high * (n_truly_high + 1) / 2.0)
        / nullif(n_truly_high * (n_users - n_truly_high) * 1.0, 0) as auc_top_quartile
    from per_group
{%- endmacro %}
