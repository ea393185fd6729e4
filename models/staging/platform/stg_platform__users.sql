-- Pseudonymised accounts: the name, handle and email never leave this model; user_id is the
-- platform's internal number and carries no personal information.
with

source as (
    select * from {{ source('platform', 'users') }}
),

renamed as (
    select
        -- ids
        cast(user_id as bigint) as user_id,

        -- attributes (city is kept for the privacy audit, never published in a mart)
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
)

select * from renamed
