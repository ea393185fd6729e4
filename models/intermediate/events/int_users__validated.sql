-- Every raw account row, typed, with the first check its profile fails (null when it passes
-- them all): int_users__clean keeps the clean accounts, int_raw_rows__quarantined the
-- others. The checks hold the quasi-identifiers to their allowed domains (dbt_project.yml,
-- "Data quality"), so that a malformed value (an email typed into country_code) is
-- quarantined rather than published in a mart. Rows with one user_id are not collapsed: which
-- of two profiles is right cannot be told, and the unique test on stg_platform__users stops
-- the build. Full name, handle and email are not read here.
with

source as (
    select * from {{ ref('stg_platform__users') }}
),

world as (
    select world_start_date
    from {{ ref('stg_platform__world') }}
),

renamed as (
    select
        -- ids
        cast(user_id as bigint) as user_id,

        -- attributes
        cast(age as integer) as age,
        cast(gender as {{ dbt.type_string() }}) as gender,
        cast(country_code as {{ dbt.type_string() }}) as country_code,
        cast(city as {{ dbt.type_string() }}) as city,
        cast(device_os as {{ dbt.type_string() }}) as device_os,

        -- numerics
        cast(utc_offset_minutes as integer) as utc_offset_minutes,

        -- timestamps
        cast(signed_up_at as timestamp) as signed_up_at

    from source
),

checked as (
    select
        renamed.*,
        case
            when renamed.user_id is null
                then 'null_id'
            when renamed.user_id <= 0
                then 'malformed_id'
            when
                renamed.age is null
                or renamed.age < {{ var('min_user_age') }}
                or renamed.age > {{ var('max_user_age') }}
                then 'invalid_age'
            when
                renamed.gender is null
                or renamed.gender not in ('{{ var("known_genders") | join("', '") }}')  -- noqa: LT05
                then 'unknown_gender'
            when
                renamed.country_code is null
                or renamed.country_code not in ('{{ var("known_country_codes") | join("', '") }}')  -- noqa: LT05
                then 'unknown_country'
            when
                renamed.device_os is null
                or renamed.device_os not in ('{{ var("known_device_os") | join("', '") }}')  -- noqa: LT05
                then 'unknown_device_os'
            when
                renamed.utc_offset_minutes is null
                or renamed.utc_offset_minutes < {{ var('min_utc_offset_minutes') }}
                or renamed.utc_offset_minutes > {{ var('max_utc_offset_minutes') }}
                or renamed.utc_offset_minutes % 15 != 0
                then 'invalid_utc_offset'
            when
                renamed.signed_up_at is null
                or renamed.signed_up_at >= {{ dbt.dateadd(
                    'day', var('signup_horizon_days'), 'world.world_start_date'
                ) }}
                or renamed.signed_up_at > {{ dbt.current_timestamp() }}
                then 'signup_outside_period'
        end as rejection_reason
    from renamed
    cross join world
)

select * from checked
