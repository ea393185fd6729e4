-- What the quarantine holds: rows per raw table and reason, with the copies that arrived.
with

quarantined_rows as (
    select
        source_table,
        rejection_reason,
        n_copies
    from {{ ref('int_raw_rows__quarantined') }}
),

per_reason as (
    select
        source_table,
        rejection_reason,
        count(*) as n_rows,
        sum(n_copies) as n_raw_rows
    from quarantined_rows
    group by all
)

select
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(rejection_reason as {{ dbt.type_string() }}) as rejection_reason,
    cast(n_rows as bigint) as n_rows,
    cast(n_raw_rows as bigint) as n_raw_rows
from per_reason
