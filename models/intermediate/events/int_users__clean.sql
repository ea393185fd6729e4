-- Pseudonymised accounts that passed every profile check (int_users__validated):
-- the name, handle and email never reach this model; user_id is the platform's internal
-- number and carries no personal information. A quarantined account is not profiled at all:
-- its rows in every other table are quarantined too (reason quarantined_user).
with

validated_users as (
    select
        user_id,
        age,
        gender,
        country_code,
        city,
        device_os,
        utc_offset_minutes,
        signed_up_at,
        rejection_reason
    from {{ ref('int_users__validated') }}
),

clean as (
    select
        -- ids
        user_id,

        -- attributes (city is kept for the privacy audit, never published in a mart)
        age,
        gender,
        country_code,
        city,
        device_os,

        -- numerics
        utc_offset_minutes,

        -- timestamps
        signed_up_at

    from validated_users
    where rejection_reason is null
)

select * from clean
