-- The world's known period, from the generator's _world.json: one row. The validation models
-- bound every raw timestamp by it (and by the build's clock), so that an event from the year
-- 2100 is quarantined instead of counting as clean.
with

source as (
    select
        start_date,
        days
    from {{ source('platform', 'world') }}
),

renamed as (
    select
        -- numerics
        cast(days as integer) as world_days,

        -- dates
        cast(start_date as date) as world_start_date,
        cast({{ dbt.dateadd('day', 'days', 'cast(start_date as date)') }} as date)
            as world_end_date

    from source
)

select * from renamed
