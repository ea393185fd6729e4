-- Every milestone a funnel entity reached, with the first time it did. Entities are sessions
-- and notifications; a notification also reaches the milestones of the session it opened.
-- The milestone vocabulary is documented on seeds/funnel_steps.
with

session_events as (
    select
        session_id,
        user_id,
        event_type,
        notification_id,
        event_at
    from {{ ref('int_sessions__events') }}
),

sessions as (
    select
        session_id,
        user_id,
        session_started_at,
        duration_s
    from {{ ref('int_sessions__aggregated') }}
),

notifications as (
    select
        notification_id,
        user_id,
        sent_at,
        opened_at,
        is_opened
    from {{ ref('int_notifications__clean') }}
),

session_milestones as (
    select
        session_id,
        user_id,
        event_type as milestone,
        min(event_at) as reached_at,
        cast(null as double) as duration_s
    from session_events
    group by all

    union all

    select
        session_id,
        user_id,
        'engage' as milestone,
        min(event_at) as reached_at,
        cast(null as double) as duration_s
    from session_events
    where event_type in ('like', 'comment', 'share')
    group by all

    union all

    -- reached when the session starts; the funnel step adds its min_session_minutes
    select
        session_id,
        user_id,
        'session_length' as milestone,
        session_started_at as reached_at,
        cast(duration_s as double) as duration_s
    from sessions
),

sessions_opened_by_notification as (
    select
        notification_id,
        min(session_id) as session_id
    from session_events
    where event_type = 'app_open' and notification_id is not null
    group by all
),

notification_milestones as (
    select
        notification_id,
        user_id,
        'notification_sent' as milestone,
        sent_at as reached_at,
        cast(null as double) as duration_s
    from notifications

    union all

    select
        notification_id,
        user_id,
        'notification_opened' as milestone,
        opened_at as reached_at,
        cast(null as double) as duration_s
    from notifications
    where is_opened

    union all

    select
        sessions_opened_by_notification.notification_id,
        session_milestones.user_id,
        session_milestones.milestone,
        session_milestones.reached_at,
        session_milestones.duration_s
    from sessions_opened_by_notification
    inner join session_milestones
        on sessions_opened_by_notification.session_id = session_milestones.session_id
),

final as (
    select
        'session' as entity,
        session_id as entity_id,
        user_id,
        milestone,
        reached_at,
        duration_s
    from session_milestones

    union all

    select
        'notification' as entity,
        cast(notification_id as {{ dbt.type_string() }}) as entity_id,
        user_id,
        milestone,
        reached_at,
        duration_s
    from notification_milestones
)

select * from final
