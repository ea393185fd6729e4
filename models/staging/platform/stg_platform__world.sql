-- The world's known period, from the generator's _world.json: one row. The validation models
-- bound every raw timestamp by it (and by the build's clock), so that an event from the year
-- 2100 is quarantined instead of counting as clean. Its size, seed and realism label the
-- evaluation figures (marts.eval_panel_size_curve says which world it was measured on).
with

source as (
    select
        start_date,
        days,
        users,
        seed,
        realism,
        panel_share
    from {{ source('platform', 'world') }}
),

renamed as (
    select
        -- numerics
        cast(days as integer) as world_days,
        cast(users as integer) as world_users,
        cast(seed as bigint) as world_seed,
        cast(panel_share as double) as world_panel_share,

        -- strings
        cast(realism as {{ dbt.type_string() }}) as world_realism,

        -- dates
        cast(start_date as date) as world_start_date,
        cast({{ dbt.dateadd('day', 'days', 'cast(start_date as date)') }} as date)
            as world_end_date

    from source
)

select * from renamed
