-- Every raw row is accounted for: rows_in in marts.fct_row_reconciliation equals a count of
-- the raw files themselves, for every platform table (a join that lost or multiplied rows in
-- staging would break it). Returns the tables where the counts differ.
with

raw_counts as (
    select
        'events' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'events') }}
    union all
    select
        'content' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'content') }}
    union all
    select
        'users' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'users') }}
    union all
    select
        'notifications' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'notifications') }}
    union all
    select
        'ad_impressions' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'ad_impressions') }}
    union all
    select
        'survey_responses' as source_table,
        count(*) as raw_rows
    from {{ source('platform', 'survey_responses') }}
),

reconciliation as (
    select
        source_table,
        rows_in
    from {{ ref('fct_row_reconciliation') }}
)

select
    raw_counts.source_table,
    raw_counts.raw_rows,
    reconciliation.rows_in
from raw_counts
full outer join reconciliation
    on raw_counts.source_table = reconciliation.source_table
where reconciliation.rows_in is distinct from raw_counts.raw_rows
