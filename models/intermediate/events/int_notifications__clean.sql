-- The notifications that passed every check (int_notifications__validated), once
-- each, with how long each took to be opened.
with

validated_notifications as (
    select
        notification_id,
        user_id,
        notification_type,
        sent_at,
        opened_at,
        rejection_reason
    from {{ ref('int_notifications__validated') }}
),

clean as (
    select
        -- ids
        notification_id,
        user_id,

        -- attributes
        notification_type,

        -- numerics
        {{ dbt.datediff('sent_at', 'opened_at', 'second') }} as open_latency_s,  -- noqa: LT05

        -- booleans
        opened_at is not null as is_opened,

        -- timestamps
        sent_at,
        opened_at

    from validated_notifications
    where rejection_reason is null
)

select * from clean
