with

source as (
    select * from {{ source('platform', 'notifications') }}
),

renamed as (
    select
        -- ids
        cast(notification_id as bigint) as notification_id,
        cast(user_id as bigint) as user_id,

        -- attributes
        cast(notification_type as {{ dbt.type_string() }}) as notification_type,

        -- numerics
        {{ dbt.datediff('sent_at', 'opened_at', 'second') }} as open_latency_s,  -- noqa: LT05

        -- booleans
        opened_at is not null as is_opened,

        -- timestamps
        cast(sent_at as timestamp) as sent_at,
        cast(opened_at as timestamp) as opened_at,

        -- dates
        cast(load_date as date) as load_date

    from source
)

select * from renamed
