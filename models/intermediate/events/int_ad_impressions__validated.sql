-- Every distinct raw ad impression once, with how many identical copies arrived and the first
-- check it fails (null when it passes): int_ad_impressions__clean keeps the clean rows,
-- int_raw_rows__quarantined the others (the same checks as notifications).
-- The checks and their order are macro validate_user_rows, shared with the
-- notifications and survey responses.
with

source as (
    select * from {{ ref('stg_platform__ad_impressions') }}
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

{{ validate_user_rows(
    key_columns=['ad_impression_id'],
    required_columns=['ad_impression_id', 'user_id'],
    id_columns=['ad_impression_id', 'user_id'],
) }}

select * from checked
