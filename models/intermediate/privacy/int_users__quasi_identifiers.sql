-- The quasi-identifiers of every profiled user at every level of their generalisation
-- hierarchies, as text so that the levels of one attribute can share a column in an export.
-- The privacy audit (marts/privacy) picks the attributes and levels from
-- var('privacy_quasi_identifiers'). City stays here, in the intermediate layer: no mart publishes
-- it except where k-anonymity allows (see fct_privacy_export_profiles).
with

users as (
    select
        user_id,
        age,
        gender,
        country_code,
        city,
        device_os,
        signed_up_at
    from {{ ref('int_users__clean') }}
),

profiled_users as (
    select user_id
    from {{ ref('int_user_features__combined') }}
),

final as (
    select
        -- ids
        users.user_id,

        -- age: exact years, then 5-year and 10-year bands
        cast(users.age as {{ dbt.type_string() }}) as age_years,
        cast(users.age - users.age % 5 as {{ dbt.type_string() }})
        || '-' || cast(users.age - users.age % 5 + 4 as {{ dbt.type_string() }}) as age_5y_band,
        cast(users.age - users.age % 10 as {{ dbt.type_string() }})
        || '-' || cast(users.age - users.age % 10 + 9 as {{ dbt.type_string() }}) as age_10y_band,

        -- gender and device
        users.gender,
        users.device_os,

        -- location: the city (with its country, as names repeat across countries), then the
        -- country
        users.city || ' (' || users.country_code || ')' as city,
        users.country_code,

        -- signup: day, month, quarter, year
        cast(cast(users.signed_up_at as date) as {{ dbt.type_string() }}) as signup_date,
        cast(extract(year from users.signed_up_at) as {{ dbt.type_string() }})
        || '-'
        || lpad(cast(extract(month from users.signed_up_at) as {{ dbt.type_string() }}), 2, '0')
            as signup_month,
        cast(extract(year from users.signed_up_at) as {{ dbt.type_string() }})
        || '-Q' || cast(extract(quarter from users.signed_up_at) as {{ dbt.type_string() }})
            as signup_quarter,
        cast(extract(year from users.signed_up_at) as {{ dbt.type_string() }}) as signup_year
    from users
    inner join profiled_users
        on users.user_id = profiled_users.user_id
)

select * from final
