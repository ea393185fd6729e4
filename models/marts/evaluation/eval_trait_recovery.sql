-- How well the scores recover the planted latent traits: one row per trait. Spearman's rho is
-- the Pearson correlation of average ranks; the AUC is the probability that a random user
-- from the true top quartile scores above a random user outside it (Mann-Whitney).
with

user_traits as (
    select
        user_id,
        trait,
        raw_score
    from {{ ref('fct_user_traits') }}
),

latent_traits as (
    select
        user_id,
        trait,
        latent_score
    from {{ ref('stg_ground_truth__latent_traits') }}
),

paired as (
    select
        user_traits.user_id,
        user_traits.trait,
        user_traits.raw_score,
        latent_traits.latent_score
    from user_traits
    inner join latent_traits
        on user_traits.user_id = latent_traits.user_id
            and user_traits.trait = latent_traits.trait
),

ranked as (
    select
        *,
        -- Average rank for ties: the first rank of the tie plus half the tie's extra size.
        rank() over (partition by trait order by raw_score)
        + (count(*) over (partition by trait, raw_score) - 1) / 2.0 as score_rank,
        rank() over (partition by trait order by latent_score)
        + (count(*) over (partition by trait, latent_score) - 1) / 2.0 as latent_rank,
        percent_rank() over (partition by trait order by latent_score) as latent_percent_rank
    from paired
),

labelled as (
    select
        *,
        case when latent_percent_rank >= 0.75 then 1 else 0 end as is_truly_high
    from ranked
),

per_trait as (
    select
        trait,
        count(*) as n_users,
        corr(score_rank, latent_rank) as spearman_rho,
        corr(raw_score, latent_score) as pearson_r,
        sum(is_truly_high) as n_truly_high,
        sum(case when is_truly_high = 1 then score_rank else 0 end) as sum_rank_truly_high
    from labelled
    group by trait
)

select
    cast(trait as varchar) as trait,
    cast(n_users as bigint) as n_users,
    cast(spearman_rho as double) as spearman_rho,
    cast(pearson_r as double) as pearson_r,
    cast(
        (sum_rank_truly_high - n_truly_high * (n_truly_high + 1) / 2.0)
        / (n_truly_high * (n_users - n_truly_high) * 1.0)
        as double
    ) as auc_top_quartile
from per_trait
