{#
    How well scores recover the planted traits, per group: n_users, Spearman's rho (the
    Pearson correlation of average ranks), Pearson's r, and the AUC for finding the true top
    quartile (the probability that a random user from the group's true top quartile scores
    above a random user outside it, by Mann-Whitney). `paired` has the `keys` columns,
    raw_score and latent_score, one row per scored user (or user-window) per group. The same
    statistics as eval_trait_recovery, which computes them for the whole period.
#}
{% macro recovery_statistics(paired, keys) -%}
    with

    ranked as (
        select
            *,
            -- Average rank for ties: the first rank of the tie plus half the tie's extra size.
            rank() over (partition by {{ keys | join(', ') }} order by raw_score)
            + (count(*) over (partition by {{ keys | join(', ') }}, raw_score) - 1) / 2.0
                as score_rank,
            rank() over (partition by {{ keys | join(', ') }} order by latent_score)
            + (count(*) over (partition by {{ keys | join(', ') }}, latent_score) - 1) / 2.0
                as latent_rank,
            percent_rank() over (partition by {{ keys | join(', ') }} order by latent_score)
                as latent_percent_rank
        from {{ paired }}
    ),

    per_group as (
        select
            {% for key in keys -%}
                {{ key }},
            {% endfor -%}
            count(*) as n_users,
            {{ exact_corr('score_rank', 'latent_rank') }} as spearman_rho,
            {{ exact_corr('raw_score', 'latent_score') }} as pearson_r,
            sum(case when latent_percent_rank >= 0.75 then 1 else 0 end) as n_truly_high,
            sum(case when latent_percent_rank >= 0.75 then score_rank else 0 end)
                as sum_rank_truly_high
        from ranked
        group by {{ keys | join(', ') }}
    )

    select
        {% for key in keys -%}
            {{ key }},
        {% endfor -%}
        n_users,
        spearman_rho,
        pearson_r,
        (sum_rank_truly_high - n_truly_high * (n_truly_high + 1) / 2.0)
        / nullif(n_truly_high * (n_users - n_truly_high) * 1.0, 0) as auc_top_quartile
    from per_group
{%- endmacro %}
