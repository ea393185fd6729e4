-- Pseudonymous users: what the platform knows about an account, minus anything that names
-- or locates a person (no name, handle, email or city).
with

users as (
    select
        user_id,
        age,
        gender,
        country_code,
        device_os,
        utc_offset_minutes,
        signed_up_at
    from {{ ref('int_users__clean') }}
),

user_features as (
    select
        user_id,
        n_sessions,
        active_days,
        n_impressions,
        feed_bias_category,
        active_notif_responder
    from {{ ref('int_user_features__combined') }}
),

user_sessions as (
    select
        user_id,
        min(session_started_at) as first_session_at,
        max(session_ended_at) as last_session_at
    from {{ ref('int_sessions__aggregated') }}
    group by user_id
),

survey_panel as (
    select distinct user_id
    from {{ ref('int_survey_responses__clean') }}
),

final as (
    select
        users.user_id,
        users.age,
        case
            when users.age < 18 then '13-17'
            when users.age < 25 then '18-24'
            when users.age < 35 then '25-34'
            when users.age < 45 then '35-44'
            when users.age < 55 then '45-54'
            when users.age < 65 then '55-64'
            else '65+'
        end as age_band,
        users.gender,
        users.country_code,
        users.device_os,
        users.utc_offset_minutes,
        cast(users.signed_up_at as date) as signup_date,
        user_sessions.first_session_at,
        user_sessions.last_session_at,
        coalesce(user_features.n_sessions, 0) as n_sessions,
        coalesce(user_features.active_days, 0) as active_days,
        coalesce(user_features.n_impressions, 0) as n_impressions,
        user_features.feed_bias_category,
        coalesce(user_features.active_notif_responder, false) as active_notif_responder,
        survey_panel.user_id is not null as is_in_survey_panel,
        user_features.user_id is not null as is_profiled,
        -- The reports prerender one page per user; this caps them at the first
        -- var('report_pages_max_users') profiled ids. Ids follow generation order, which is
        -- independent of the traits, so the pages show an unbiased sample.
        user_features.user_id is not null
        and row_number() over (
            partition by user_features.user_id is not null order by users.user_id
        ) <= {{ var('report_pages_max_users') }} as has_report_page
    from users
    left join user_features
        on users.user_id = user_features.user_id
    left join user_sessions
        on users.user_id = user_sessions.user_id
    left join survey_panel
        on users.user_id = survey_panel.user_id
)

select
    cast(user_id as bigint) as user_id,
    cast(age as integer) as age,
    cast(age_band as {{ dbt.type_string() }}) as age_band,
    cast(gender as {{ dbt.type_string() }}) as gender,
    cast(country_code as {{ dbt.type_string() }}) as country_code,
    cast(device_os as {{ dbt.type_string() }}) as device_os,
    cast(utc_offset_minutes as integer) as utc_offset_minutes,
    cast(signup_date as date) as signup_date,
    cast(first_session_at as timestamp) as first_session_at,
    cast(last_session_at as timestamp) as last_session_at,
    cast(n_sessions as bigint) as n_sessions,
    cast(active_days as bigint) as active_days,
    cast(n_impressions as bigint) as n_impressions,
    cast(feed_bias_category as {{ dbt.type_string() }}) as feed_bias_category,
    cast(active_notif_responder as boolean) as active_notif_responder,
    cast(is_in_survey_panel as boolean) as is_in_survey_panel,
    cast(is_profiled as boolean) as is_profiled,
    cast(has_report_page as boolean) as has_report_page
from final
