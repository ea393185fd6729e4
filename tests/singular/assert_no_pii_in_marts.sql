-- No mart may publish a direct identifier: no column whose name says name, handle, email or
-- city, in any table of the marts schema. (The value-level check, that no raw name, handle,
-- email or city appears in any mart value, is assert_no_personal_data_in_mart_values.) A
-- column name is not the whole story: the k-anonymised export (fct_privacy_export_profiles)
-- publishes a generalised `location`, which is a city where at least var('privacy_k') published profiles
-- share the row's quasi-identifiers, else the country. That one column is allowed city values
-- by the value-level check, and assert_city_published_only_in_k_anonymous_classes checks k.
select
    table_name,
    column_name
from information_schema.columns
where table_schema = 'marts'
    and (
        lower(column_name) like '%name%'
        and lower(column_name) not in ('feature_name', 'day_name', 'trait_label')
        or lower(column_name) like '%handle%'
        or lower(column_name) like '%email%'
        or lower(column_name) like '%city%'
        or lower(column_name) like '%phone%'
    )
