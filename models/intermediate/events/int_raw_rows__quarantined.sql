-- The quarantine: every distinct raw row that failed a data-quality check, with the check it
-- failed first. Rows are kept here, not dropped, so that every raw row is accounted for
-- (marts.fct_row_reconciliation) and a fault can be traced back to its raw values.
with

rejected_events as (
    select
        event_id,
        user_id,
        content_id,
        notification_id,
        event_type,
        feed_position,
        dwell_ms,
        event_at,
        received_at,
        n_copies,
        rejection_reason
    from {{ ref('int_events__validated') }}
    where rejection_reason is not null
),

rejected_content as (
    select
        content_id,
        category,
        outrage_score,
        sentiment_score,
        published_at,
        n_copies,
        rejection_reason
    from {{ ref('int_content__validated') }}
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

quarantined as (
    select * from events_described
    union all
    select * from content_described
)

select * from quarantined
