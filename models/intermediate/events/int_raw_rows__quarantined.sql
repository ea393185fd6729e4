-- The quarantine: every distinct raw row that failed a data-quality check, with the check it
-- failed first. Rows are kept here, not dropped, so that every raw row is accounted for
-- (marts.fct_row_reconciliation) and a fault can be traced back to its raw values.
with

-- Every column of each validation model's rejected rows: raw_values lists them as they arrived.
rejected_events as (
    select * from {{ ref('int_events__validated') }}
    where rejection_reason is not null
),

rejected_content as (
    select * from {{ ref('int_content__validated') }}
    where rejection_reason is not null
),

rejected_users as (
    select * from {{ ref('int_users__validated') }}
    where rejection_reason is not null
),

rejected_notifications as (
    select * from {{ ref('int_notifications__validated') }}
    where rejection_reason is not null
),

rejected_ad_impressions as (
    select * from {{ ref('int_ad_impressions__validated') }}
    where rejection_reason is not null
),

rejected_survey_responses as (
    select * from {{ ref('int_survey_responses__validated') }}
    where rejection_reason is not null
),

events_described as (
    select
        'events' as source_table,
        cast(event_id as {{ dbt.type_string() }}) as row_key,
        user_id,
        rejection_reason,
        n_copies,
        'event_id=' || coalesce(cast(event_id as {{ dbt.type_string() }}), 'null')
        || ' user_id=' || coalesce(cast(user_id as {{ dbt.type_string() }}), 'null')
        || ' event_type=' || coalesce(event_type, 'null')
        || ' content_id=' || coalesce(cast(content_id as {{ dbt.type_string() }}), 'null')
        || ' notification_id=' || coalesce(cast(notification_id as {{ dbt.type_string() }}), 'null')
        || ' feed_position=' || coalesce(cast(feed_position as {{ dbt.type_string() }}), 'null')
        || ' dwell_ms=' || coalesce(cast(dwell_ms as {{ dbt.type_string() }}), 'null')
        || ' event_at=' || coalesce(cast(event_at as {{ dbt.type_string() }}), 'null')
        || ' received_at=' || coalesce(cast(received_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_events
),

content_described as (
    select
        'content' as source_table,
        cast(content_id as {{ dbt.type_string() }}) as row_key,
        cast(null as bigint) as user_id,
        rejection_reason,
        n_copies,
        'content_id=' || coalesce(cast(content_id as {{ dbt.type_string() }}), 'null')
        || ' category=' || coalesce(category, 'null')
        || ' outrage_score=' || coalesce(cast(outrage_score as {{ dbt.type_string() }}), 'null')
        || ' sentiment_score=' || coalesce(cast(sentiment_score as {{ dbt.type_string() }}), 'null')
        || ' published_at=' || coalesce(cast(published_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_content
),

users_described as (
    -- A malformed text value may be personal data typed into the wrong field (an email as
    -- country_code): text values longer than a code are shown by their length only.
    select
        'users' as source_table,
        cast(user_id as {{ dbt.type_string() }}) as row_key,
        user_id,
        rejection_reason,
        1 as n_copies,
        'user_id=' || coalesce(cast(user_id as {{ dbt.type_string() }}), 'null')
        || ' age=' || coalesce(cast(age as {{ dbt.type_string() }}), 'null')
        || ' gender=' || case
            when gender is null then 'null'
            when {{ dbt.length('gender') }} <= 12 and gender not like '%@%'
                then gender
            else
                '<' || cast({{ dbt.length('gender') }} as {{ dbt.type_string() }})
                || ' characters>'
        end
        || ' country_code=' || case
            when country_code is null then 'null'
            when {{ dbt.length('country_code') }} <= 12 and country_code not like '%@%'
                then country_code
            else
                '<' || cast({{ dbt.length('country_code') }} as {{ dbt.type_string() }})
                || ' characters>'
        end
        || ' device_os=' || case
            when device_os is null then 'null'
            when {{ dbt.length('device_os') }} <= 12 and device_os not like '%@%'
                then device_os
            else
                '<' || cast({{ dbt.length('device_os') }} as {{ dbt.type_string() }})
                || ' characters>'
        end
        || ' utc_offset_minutes='
        || coalesce(cast(utc_offset_minutes as {{ dbt.type_string() }}), 'null')
        || ' signed_up_at=' || coalesce(cast(signed_up_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_users
),

notifications_described as (
    select
        'notifications' as source_table,
        cast(notification_id as {{ dbt.type_string() }}) as row_key,
        user_id,
        rejection_reason,
        n_copies,
        'notification_id=' || coalesce(cast(notification_id as {{ dbt.type_string() }}), 'null')
        || ' user_id=' || coalesce(cast(user_id as {{ dbt.type_string() }}), 'null')
        || ' notification_type=' || coalesce(notification_type, 'null')
        || ' sent_at=' || coalesce(cast(sent_at as {{ dbt.type_string() }}), 'null')
        || ' opened_at=' || coalesce(cast(opened_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_notifications
),

ad_impressions_described as (
    select
        'ad_impressions' as source_table,
        cast(ad_impression_id as {{ dbt.type_string() }}) as row_key,
        user_id,
        rejection_reason,
        n_copies,
        'ad_impression_id=' || coalesce(cast(ad_impression_id as {{ dbt.type_string() }}), 'null')
        || ' user_id=' || coalesce(cast(user_id as {{ dbt.type_string() }}), 'null')
        || ' ad_id=' || coalesce(cast(ad_id as {{ dbt.type_string() }}), 'null')
        || ' shown_at=' || coalesce(cast(shown_at as {{ dbt.type_string() }}), 'null')
        || ' clicked_at=' || coalesce(cast(clicked_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_ad_impressions
),

survey_responses_described as (
    select
        'survey_responses' as source_table,
        -- one answer per user and trait
        coalesce(cast(user_id as {{ dbt.type_string() }}), 'null') || ':'
        || coalesce(trait, 'null') as row_key,
        user_id,
        rejection_reason,
        n_copies,
        'user_id=' || coalesce(cast(user_id as {{ dbt.type_string() }}), 'null')
        || ' trait=' || coalesce(trait, 'null')
        || ' self_report_score='
        || coalesce(cast(self_report_score as {{ dbt.type_string() }}), 'null')
        || ' responded_at=' || coalesce(cast(responded_at as {{ dbt.type_string() }}), 'null')
            as raw_values
    from rejected_survey_responses
),

quarantined as (
    select * from events_described
    union all
    select * from content_described
    union all
    select * from users_described
    union all
    select * from notifications_described
    union all
    select * from ad_impressions_described
    union all
    select * from survey_responses_described
)

select * from quarantined
