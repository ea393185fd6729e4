-- Every distinct raw ad impression once, with how many identical copies arrived and the first
-- check it fails (null when it passes): int_ad_impressions__clean keeps the clean rows,
-- int_raw_rows__quarantined the others (the same checks as notifications).
with

source as (
    select * from {{ ref('stg_platform__ad_impressions') }}
),

users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

quarantined_users as (
    select distinct user_id
    from {{ ref('int_users__validated') }}
    where rejection_reason is not null
),

renamed as (
    select
        -- ids
        cast(ad_impression_id as bigint) as ad_impression_id,
        cast(user_id as bigint) as user_id,
        cast(ad_id as bigint) as ad_id,

        -- attributes
        cast(ad_category as {{ dbt.type_string() }}) as ad_category,

        -- booleans
        cast(is_converted as boolean) as is_converted,

        -- timestamps
        cast(shown_at as timestamp) as shown_at,
        cast(clicked_at as timestamp) as clicked_at

    from source
),

deduplicated as (
    select
        *,
        count(*) as n_copies
    from renamed
    group by all
),

rows_per_id as (
    select
        ad_impression_id,
        count(*) as n_distinct_rows
    from deduplicated
    group by all
),

checked as (
    select
        deduplicated.*,
        case
            when deduplicated.ad_impression_id is null or deduplicated.user_id is null
                then 'null_id'
            when deduplicated.ad_impression_id <= 0 or deduplicated.user_id <= 0
                then 'malformed_id'
            when rows_per_id.n_distinct_rows > 1
                then 'duplicate_id'
            when quarantined_users.user_id is not null
                then 'quarantined_user'
            when users.user_id is null
                then 'unknown_user'
        end as rejection_reason
    from deduplicated
    left join rows_per_id
        on deduplicated.ad_impression_id = rows_per_id.ad_impression_id
    left join quarantined_users
        on deduplicated.user_id = quarantined_users.user_id
    left join users
        on deduplicated.user_id = users.user_id
)

select * from checked
