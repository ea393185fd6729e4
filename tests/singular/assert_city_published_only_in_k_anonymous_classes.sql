-- A city may reach a mart only as the `location` of fct_privacy_export_profiles, and only for
-- a combination of quasi-identifiers that at least var('privacy_k') published profiles share
-- (assert_no_pii_in_marts forbids city columns; the value-level check in
-- tests/pytest/test_pipeline.py allows city values in this one column). Returns the
-- published city values whose class is smaller than k.
with

cities as (
    select distinct city
    from {{ ref('int_users__quasi_identifiers') }}
),

export as (
    select
        location,
        class_size
    from {{ ref('fct_privacy_export_profiles') }}
)

select
    export.location,
    export.class_size
from export
inner join cities
    on export.location = cities.city
where export.class_size < {{ var('privacy_k') }}
