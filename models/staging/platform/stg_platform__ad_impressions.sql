with

source as (
    select * from {{ source('platform', 'ad_impressions') }}
),

renamed as (
    select
        -- ids
        cast(ad_impression_id as bigint) as ad_impression_id,
        cast(user_id as bigint) as user_id,
        cast(ad_id as bigint) as ad_id,

        -- attributes
        cast(ad_category as {{ dbt.type_string() }}) as ad_category,

        -- numerics
        {{ dbt.datediff('shown_at', 'clicked_at', 'millisecond') }} as time_to_click_ms,  -- noqa: LT05

        -- booleans
        clicked_at is not null as is_clicked,
        coalesce(is_converted, false) as is_converted,

        -- timestamps
        cast(shown_at as timestamp) as shown_at,
        cast(clicked_at as timestamp) as clicked_at,

        -- dates
        cast(load_date as date) as load_date

    from source
)

select * from renamed
