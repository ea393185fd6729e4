-- How far each notification got in each notification funnel (seeds/funnel_steps): sent,
-- opened, and then every milestone of the session it opened. The steps logic is
-- macros/funnel_progress.sql, shared with int_funnel__session_progress.
--
-- A table rebuilt whole on every run: notifications are few (about one per 27 events), and a
-- notification's row changes whenever the session it opened is re-cut, which a key on the
-- notification would not see.
with

notifications as (
    select
        notification_id,
        user_id,
        sent_at,
        opened_at,
        is_opened
    from {{ ref('int_notifications__clean') }}
),

sessions_opened_by_notification as (
    -- The first session by number that the notification opened, if it opened several
    -- (min_by: the smallest session_id as text would put '12-10' before '12-9').
    select
        notification_id,
        min_by(session_id, session_number) as session_id
    from {{ ref('int_sessions__events') }}
    where event_type = 'app_open' and notification_id is not null
    group by notification_id
),

session_milestones as (
    select
        session_id,
        user_id,
        milestone,
        reached_at,
        duration_s
    from {{ ref('int_funnel__session_milestones') }}
),

milestones as (
    select
        notification_id as entity_id,
        user_id,
        'notification_sent' as milestone,
        sent_at as reached_at,
        cast(null as double) as duration_s
    from notifications

    union all

    select
        notification_id as entity_id,
        user_id,
        'notification_opened' as milestone,
        opened_at as reached_at,
        cast(null as double) as duration_s
    from notifications
    where is_opened

    union all

    select
        sessions_opened_by_notification.notification_id as entity_id,
        session_milestones.user_id,
        session_milestones.milestone,
        session_milestones.reached_at,
        session_milestones.duration_s
    from sessions_opened_by_notification
    inner join session_milestones
        on sessions_opened_by_notification.session_id = session_milestones.session_id
),

{{ funnel_progress('milestones', 'notification') }},

final as (
    select
        funnel,
        entity_id as notification_id,
        user_id,
        step_number,
        reached_at,
        is_converted
    from funnel_progress
)

select * from final
