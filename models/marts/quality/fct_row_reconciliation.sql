-- Where every raw row went: for each raw platform table, rows in = clean rows + quarantined
-- rows + exact duplicates removed. Every table is validated (int_events__validated,
-- int_content__validated, int_<table>__validated); a data test fails the build
-- when the sum does not hold, and a singular test compares rows_in with a count of the raw
-- files themselves.
with

validated_events as (
    select
        n_copies,
        rejection_reason
    from {{ ref('int_events__validated') }}
),

validated_content as (
    select
        n_copies,
        rejection_reason
    from {{ ref('int_content__validated') }}
),

validated_users as (
    -- one row per raw row: repeated accounts are not collapsed
    select rejection_reason
    from {{ ref('int_users__validated') }}
),

validated_notifications as (
    select
        n_copies,
        rejection_reason
    from {{ ref('int_notifications__validated') }}
),

validated_ad_impressions as (
    select
        n_copies,
        rejection_reason
    from {{ ref('int_ad_impressions__validated') }}
),

validated_survey_responses as (
    select
        n_copies,
        rejection_reason
    from {{ ref('int_survey_responses__validated') }}
),

clean_events as (
    select event_id
    from {{ ref('int_events__clean') }}
),

clean_content as (
    select content_id
    from {{ ref('int_content__clean') }}
),

clean_users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

clean_notifications as (
    select notification_id
    from {{ ref('int_notifications__clean') }}
),

clean_ad_impressions as (
    select ad_impression_id
    from {{ ref('int_ad_impressions__clean') }}
),

clean_survey_responses as (
    select user_id
    from {{ ref('int_survey_responses__clean') }}
),

quarantined_rows as (
    select source_table
    from {{ ref('int_raw_rows__quarantined') }}
),

quarantined_per_table as (
    select
        source_table,
        count(*) as rows_quarantined
    from quarantined_rows
    group by all
),

-- rows_clean is counted in the clean staging model, not derived from the validated rows, so
-- that a clean model that lost or multiplied rows breaks the sum.
validated_tables as (
    select
        'events' as source_table,
        sum(n_copies) as rows_in,
        (select count(*) from clean_events) as rows_clean,
        sum(n_copies - 1) as duplicates_removed
    from validated_events
    union all
    select
        'content' as source_table,
        sum(n_copies) as rows_in,
        (select count(*) from clean_content) as rows_clean,
        sum(n_copies - 1) as duplicates_removed
    from validated_content
    union all
    select
        'users' as source_table,
        count(*) as rows_in,
        (select count(*) from clean_users) as rows_clean,
        0 as duplicates_removed
    from validated_users
    union all
    select
        'notifications' as source_table,
        sum(n_copies) as rows_in,
        (select count(*) from clean_notifications) as rows_clean,
        sum(n_copies - 1) as duplicates_removed
    from validated_notifications
    union all
    select
        'ad_impressions' as source_table,
        sum(n_copies) as rows_in,
        (select count(*) from clean_ad_impressions) as rows_clean,
        sum(n_copies - 1) as duplicates_removed
    from validated_ad_impressions
    union all
    select
        'survey_responses' as source_table,
        sum(n_copies) as rows_in,
        (select count(*) from clean_survey_responses) as rows_clean,
        sum(n_copies - 1) as duplicates_removed
    from validated_survey_responses
),

all_tables as (
    select
        validated_tables.source_table,
        coalesce(validated_tables.rows_in, 0) as rows_in,
        validated_tables.rows_clean,
        coalesce(quarantined_per_table.rows_quarantined, 0) as rows_quarantined,
        coalesce(validated_tables.duplicates_removed, 0) as duplicates_removed
    from validated_tables
    left join quarantined_per_table
        on validated_tables.source_table = quarantined_per_table.source_table
),

final as (
    select
        source_table,
        rows_in,
        rows_clean,
        rows_quarantined,
        duplicates_removed,
        rows_clean + rows_quarantined + duplicates_removed = rows_in as is_reconciled,
        case
            when rows_in > 0 then 100.0 * rows_quarantined / rows_in
            else 0
        end as quarantined_pct
    from all_tables
)

select
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(rows_in as bigint) as rows_in,
    cast(rows_clean as bigint) as rows_clean,
    cast(rows_quarantined as bigint) as rows_quarantined,
    cast(duplicates_removed as bigint) as duplicates_removed,
    cast(is_reconciled as boolean) as is_reconciled,
    cast(quarantined_pct as double) as quarantined_pct
from final
