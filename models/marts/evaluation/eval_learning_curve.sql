-- How fast the profile learns a person: one row per scoring method per trait per horizon
-- (the first N days of the world). Recovery of the planted traits by the scores computed
-- from those N days only, on a fixed cohort: the users with a session in the shortest
-- horizon, who were therefore observed for exactly N days at every horizon.
with

-- scores of every method (method is part of the grain; the pages show the hand-set ones)
window_traits as (
    select
        method,
        window_id,
        window_number,
        user_id,
        trait,
        n_events,
        raw_score
    from {{ ref('fct_user_traits_by_window') }}
    where window_type = 'horizon'
),

latent_traits as (
    select
        user_id,
        trait,
        latent_score
    from {{ ref('stg_ground_truth__latent_traits') }}
),

first_horizon as (
    select min(window_number) as window_number
    from window_traits
),

cohort as (
    select distinct window_traits.user_id
    from window_traits
    inner join first_horizon
        on window_traits.window_number = first_horizon.window_number
),

paired as (
    select
        window_traits.method,
        window_traits.trait,
        window_traits.window_number as horizon_days,
        window_traits.n_events,
        window_traits.raw_score,
        latent_traits.latent_score as reference_score
    from window_traits
    inner join cohort
        on window_traits.user_id = cohort.user_id
    inner join latent_traits
        on window_traits.user_id = latent_traits.user_id
            and window_traits.trait = latent_traits.trait
),

recovery as (
    {{ recovery_statistics('paired', ['method', 'trait', 'horizon_days']) }}
),

events_observed as (
    select
        method,
        trait,
        horizon_days,
        median(n_events) as median_events
    from paired
    group by method, trait, horizon_days
),

final as (
    select
        recovery.*,
        events_observed.median_events,
        -- Gain over the shortest horizon, the quantity the monotonicity test reads.
        recovery.spearman_rho - first_value(recovery.spearman_rho) over (
            partition by recovery.method, recovery.trait
            order by recovery.horizon_days
        ) as spearman_rho_gain
    from recovery
    inner join events_observed
        on recovery.method = events_observed.method
            and recovery.trait = events_observed.trait
            and recovery.horizon_days = events_observed.horizon_days
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(horizon_days as integer) as horizon_days,
    cast(n_users as bigint) as n_users,
    cast(median_events as double) as median_events,
    cast(spearman_rho as double) as spearman_rho,
    cast(pearson_r as double) as pearson_r,
    cast(auc_top_quartile as double) as auc_top_quartile,
    cast(spearman_rho_gain as double) as spearman_rho_gain
from final
