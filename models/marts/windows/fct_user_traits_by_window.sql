-- Trait scores per time window: one row per scoring method per window per user per trait.
-- The scores are the horizons and weeks of the one scoring model (int_trait_scores__by_window,
-- whose window `all` is fct_user_traits), with each window's bounds and the user's
-- observed days and events in it.
with

window_features as (
    select
        window_id,
        user_id,
        window_type,
        window_number,
        window_first_date,
        window_last_date,
        reference_window_id,
        observed_days,
        n_events
    from {{ ref('int_user_features__by_window') }}
),

trait_scores as (
    select
        window_id,
        user_id,
        trait,
        method,
        raw_score,
        percentile,
        score,
        band
    from {{ ref('int_trait_scores__by_window') }}
    where window_id <> 'all'
),

final as (
    select
        trait_scores.method,
        trait_scores.window_id,
        trait_scores.user_id,
        trait_scores.trait,
        window_features.window_type,
        window_features.window_number,
        window_features.window_first_date,
        window_features.window_last_date,
        window_features.reference_window_id,
        window_features.observed_days,
        window_features.n_events,
        trait_scores.raw_score,
        trait_scores.score,
        trait_scores.percentile,
        trait_scores.band
    from trait_scores
    inner join window_features
        on trait_scores.window_id = window_features.window_id
            and trait_scores.user_id = window_features.user_id
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(window_id as {{ dbt.type_string() }}) as window_id,
    cast(user_id as bigint) as user_id,
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(window_type as {{ dbt.type_string() }}) as window_type,
    cast(window_number as integer) as window_number,
    cast(window_first_date as date) as window_first_date,
    cast(window_last_date as date) as window_last_date,
    cast(reference_window_id as {{ dbt.type_string() }}) as reference_window_id,
    cast(observed_days as integer) as observed_days,
    cast(n_events as bigint) as n_events,
    cast(raw_score as double) as raw_score,
    cast(score as double) as score,
    cast(percentile as double) as percentile,
    cast(band as {{ dbt.type_string() }}) as band
from final
