-- The simulated world the marts describe, in one row: its size, seed, realism and survey
-- panel share, and its period as local calendar days (first_date to last_date, inclusive).
-- The period is the world's, not the span of the data: a few late-night sessions of the last
-- day begin after its local midnight, so the daily marts hold a little activity on a day or
-- two after last_date (fct_daily_trends marks those days incomplete).
with

world as (
    select * from {{ ref('stg_platform__world') }}
),

final as (
    select
        world_users,
        world_days,
        world_seed,
        world_realism,
        world_panel_share,
        world_start_date as first_date,
        -- world_end_date is the day after the last one.
        cast({{ dbt.dateadd('day', -1, 'world_end_date') }} as date) as last_date
    from world
)

select * from final
