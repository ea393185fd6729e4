{#
    The shared checks of the raw tables whose rows belong to a user (notifications, ad
    impressions, survey responses), as the CTEs that follow a model's `renamed` CTE:
    `deduplicated` (exact copies collapse, n_copies counts them), `rows_per_key` and
    `checked`, whose rejection_reason is the first check a row fails, in this order:
    null_id, malformed_id, duplicate_id (two different rows under one key: which is true
    cannot be told, so both go), quarantined_user, unknown_user. The three models differ only
    in their columns and key; each check is documented in models/docs.md (quarantine_reasons).
#}
{% macro validate_user_rows(key_columns, required_columns, id_columns) -%}
users as (
    select user_id
    from {{ ref('int_users__clean') }}
),

quarantined_users as (
    select distinct user_id
    from {{ ref('int_users__validated') }}
    where rejection_reason is not null
),

deduplicated as (
    -- Exact copies (the same row in two loads) collapse; the load is not part of the row.
    select
        *,
        count(*) as n_copies
    from renamed
    group by all
),

rows_per_key as (
    select
        {{ key_columns | join(',\n        ') }},
        count(*) as n_distinct_rows
    from deduplicated
    group by all
),

checked as (
    select
        deduplicated.*,
        case
            when
                {%- for column in required_columns %}
                {{ "or " if not loop.first }}deduplicated.{{ column }} is null
                {%- endfor %}
                then 'null_id'
            when
                {%- for column in id_columns %}
                {{ "or " if not loop.first }}deduplicated.{{ column }} <= 0
                {%- endfor %}
                then 'malformed_id'
            when rows_per_key.n_distinct_rows > 1
                then 'duplicate_id'
            when quarantined_users.user_id is not null
                then 'quarantined_user'
            when users.user_id is null
                then 'unknown_user'
        end as rejection_reason
    from deduplicated
    left join rows_per_key
        on
            {%- for column in key_columns %}
            {{ "and " if not loop.first }}deduplicated.{{ column }} = rows_per_key.{{ column }}
            {%- endfor %}
    left join quarantined_users
        on deduplicated.user_id = quarantined_users.user_id
    left join users
        on deduplicated.user_id = users.user_id
)
{%- endmacro %}
