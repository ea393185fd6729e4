-- What each user did with posts on each of their local days, per content category: the
-- compact input of the content, category and action features, for the whole period and for
-- every window (int_user_features__by_window), so that no feature reads the clickstream once
-- per window it falls in. A local day is the user's own calendar day (UTC plus
-- utc_offset_minutes), the unit windows are cut in. Sums of doubles stay exact decimals
-- (exact_sum's), so that adding up days gives the value adding up the events gives.
with

users as (
    select
        user_id,
        utc_offset_minutes
    from {{ ref('int_users__clean') }}
),

post_events as (
    select
        user_id,
        content_id,
        event_type,
        dwell_ms,
        event_at
    from {{ ref('int_events__clean') }}
    where event_type in ('impression', 'like', 'comment', 'share', 'rage_click')
),

content as (
    select
        content_id,
        category,
        is_high_outrage,
        is_negative
    from {{ ref('int_content__clean') }}
),

post_events_on_local_days as (
    select
        post_events.user_id,
        cast(
            {{ dbt.dateadd('minute', 'users.utc_offset_minutes', 'post_events.event_at') }}
            as date
        ) as local_date,
        post_events.event_type,
        post_events.dwell_ms,
        content.category,
        content.is_high_outrage,
        content.is_negative
    from post_events
    inner join users
        on post_events.user_id = users.user_id
    -- A post event without a post (no content_id) still counts as an action.
    left join content
        on post_events.content_id = content.content_id
),

-- One 0/1 (or weight) per event and measure, so that a day's measure is a plain sum.
event_measures as (
    select
        user_id,
        local_date,
        category,
        case when event_type = 'impression' then 1 else 0 end as n_impressions,
        case when event_type = 'like' then 1 else 0 end as n_likes,
        case when event_type = 'comment' then 1 else 0 end as n_comments,
        case when event_type = 'share' then 1 else 0 end as n_shares,
        case when event_type = 'rage_click' then 1 else 0 end as n_rage_clicks,
        case when event_type <> 'rage_click' then dwell_ms end as dwell_ms,
        case when event_type = 'impression' and is_high_outrage then 1 else 0 end
            as n_high_outrage_impressions,
        case when event_type = 'share' and is_high_outrage then 1 else 0 end
            as n_high_outrage_shares,
        case
            when event_type = 'like' and is_negative then 1
            when event_type = 'comment' and is_negative then 2
            when event_type = 'share' and is_negative then 3
            else 0
        end as weighted_negative_engagements,
        case when event_type = 'impression' and is_high_outrage then ln(dwell_ms) end
            as log_dwell_high_outrage,
        case when event_type = 'impression' and not is_high_outrage then ln(dwell_ms) end
            as log_dwell_other
    from post_events_on_local_days
),

final as (
    select
        user_id,
        local_date,
        category,
        -- Counts as bigints: DuckDB's sum of integers is a 128-bit integer, which made the
        -- models that add these rows up 2x slower.
        {%- for measure in [
            'n_impressions', 'n_likes', 'n_comments', 'n_shares', 'n_rage_clicks', 'dwell_ms',
            'n_high_outrage_impressions', 'n_high_outrage_shares',
            'weighted_negative_engagements'
        ] %}
            cast(sum({{ measure }}) as {{ dbt.type_bigint() }}) as {{ measure }},
        {%- endfor %}
        sum({{ exact_decimal('log_dwell_high_outrage') }}) as sum_log_dwell_high_outrage,
        count(log_dwell_high_outrage) as n_log_dwell_high_outrage,
        sum({{ exact_decimal('log_dwell_other') }}) as sum_log_dwell_other,
        count(log_dwell_other) as n_log_dwell_other
    from event_measures
    group by user_id, local_date, category
)

select * from final
