-- Every distinct raw notification row once, with how many identical copies arrived and the
-- first check it fails (null when it passes): int_notifications__clean keeps the clean
-- rows, int_raw_rows__quarantined the others. Two different rows under one
-- notification_id are both quarantined (duplicate_id): which was sent cannot be told.
-- The checks and their order are macro validate_user_rows, shared with the
-- ad impressions and survey responses.
with

source as (
    select * from {{ ref('stg_platform__notifications') }}
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

{{ validate_user_rows(
    key_columns=['notification_id'],
    required_columns=['notification_id', 'user_id'],
    id_columns=['notification_id', 'user_id'],
) }}

select * from checked
