-- Every distinct raw notification row once, with how many identical copies arrived and the
-- first check it fails (null when it passes): int_notifications__clean keeps the clean
-- rows, int_raw_rows__quarantined the others. Two different rows under one
-- notification_id are both quarantined (duplicate_id): which was sent cannot be told.
with

source as (
    select * from {{ ref('stg_platform__notifications') }}
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
        cast(notification_id as bigint) as notification_id,
        cast(user_id as bigint) as user_id,

        -- attributes
        cast(notification_type as {{ dbt.type_string() }}) as notification_type,

        -- timestamps
        cast(sent_at as timestamp) as sent_at,
        cast(opened_at as timestamp) as opened_at

    from source
),

deduplicated as (
    -- Exact copies (the same row in two loads) collapse; the load is not part of the row.
    select
        *,
        count(*) as n_copies
    from renamed
    group by all
),

rows_per_id as (
    select
        notification_id,
        count(*) as n_distinct_rows
    from deduplicated
    group by all
),

checked as (
    select
        deduplicated.*,
        case
            when deduplicated.notification_id is null or deduplicated.user_id is null
                then 'null_id'
            when deduplicated.notification_id <= 0 or deduplicated.user_id <= 0
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
        on deduplicated.notification_id = rows_per_id.notification_id
    left join quarantined_users
        on deduplicated.user_id = quarantined_users.user_id
    left join users
        on deduplicated.user_id = users.user_id
)

select * from checked
