-- Staging renames and casts, nothing else: every staging view of a raw platform table has
-- exactly the rows of its source, faulty and repeated rows included (deduplication and
-- validation belong to intermediate/events, which counts what it removes). A filter or a join
-- slipping into staging would drop rows before the quarantine could see them. Returns the
-- tables whose counts differ.
with

counts as (
    select
        'events' as source_table,
        (select count(*) from {{ source('platform', 'events') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__events') }}) as staged_rows
    union all
    select
        'content' as source_table,
        (select count(*) from {{ source('platform', 'content') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__content') }}) as staged_rows
    union all
    select
        'users' as source_table,
        (select count(*) from {{ source('platform', 'users') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__users') }}) as staged_rows
    union all
    select
        'notifications' as source_table,
        (select count(*) from {{ source('platform', 'notifications') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__notifications') }}) as staged_rows
    union all
    select
        'ad_impressions' as source_table,
        (select count(*) from {{ source('platform', 'ad_impressions') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__ad_impressions') }}) as staged_rows
    union all
    select
        'survey_responses' as source_table,
        (select count(*) from {{ source('platform', 'survey_responses') }}) as raw_rows,
        (select count(*) from {{ ref('stg_platform__survey_responses') }}) as staged_rows
)

select * from counts
where staged_rows != raw_rows
