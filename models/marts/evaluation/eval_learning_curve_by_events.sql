-- Recovery against the number of events observed: one row per scoring method per trait per
-- bin of events (var('learning_curve_event_bins')). Every scored user-horizon pair falls in
-- the bin of the events it was scored from, so a bin pools users and horizons; scores are
-- standardised within their own horizon, so they compare across horizons.
{%- set bins = var('learning_curve_event_bins') %}

with

-- scores of every method (method is part of the grain; the pages show the hand-set ones)
window_traits as (
    select
        method,
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

binned as (
    select
        window_traits.method,
        window_traits.trait,
        case
            {%- for lower in bins | reverse %}
                when window_traits.n_events >= {{ lower }} then {{ lower }}
            {%- endfor %}
        end as events_min,
        case
            {%- for lower in bins %}
                {%- if not loop.last %}
                    when window_traits.n_events < {{ bins[loop.index] }} then {{ bins[loop.index] }}
                {%- endif %}
            {%- endfor %}
        end as events_max,
        window_traits.n_events,
        window_traits.raw_score,
        latent_traits.latent_score as reference_score
    from window_traits
    inner join latent_traits
        on window_traits.user_id = latent_traits.user_id
            and window_traits.trait = latent_traits.trait
),

recovery as (
    {{ recovery_statistics('binned', ['method', 'trait', 'events_min']) }}
),

bin_bounds as (
    select
        method,
        trait,
        events_min,
        max(events_max) as events_max,
        median(n_events) as median_events
    from binned
    group by method, trait, events_min
),

final as (
    select
        recovery.method,
        recovery.trait,
        recovery.events_min,
        bin_bounds.events_max,
        bin_bounds.median_events,
        -- A label for charts: "50-99", or "3200+" for the open last bin.
        case
            when bin_bounds.events_max is null
                then cast(recovery.events_min as {{ dbt.type_string() }}) || '+'
            else cast(recovery.events_min as {{ dbt.type_string() }}) || '-'
                || cast(bin_bounds.events_max - 1 as {{ dbt.type_string() }})
        end as events_bin,
        recovery.n_users as n_scores,
        recovery.spearman_rho,
        recovery.pearson_r,
        recovery.auc_top_quartile
    from recovery
    inner join bin_bounds
        on recovery.method = bin_bounds.method
            and recovery.trait = bin_bounds.trait
            and recovery.events_min = bin_bounds.events_min
    -- A correlation over a handful of scores is noise.
    where recovery.n_users >= {{ var('learning_curve_min_scores_per_bin') }}
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(events_min as integer) as events_min,
    cast(events_max as integer) as events_max,
    cast(events_bin as {{ dbt.type_string() }}) as events_bin,
    cast(median_events as double) as median_events,
    cast(n_scores as bigint) as n_scores,
    cast(spearman_rho as double) as spearman_rho,
    cast(pearson_r as double) as pearson_r,
    cast(auc_top_quartile as double) as auc_top_quartile
from final
