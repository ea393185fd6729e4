-- The users who get a page of their own (dim_users.has_report_page;
-- docs/operations.md#the-report-site).
select
    cast(user_id as varchar) as user_id,
    '/users/' || cast(user_id as varchar) as link,
    age,
    age_band,
    gender,
    country_code,
    device_os,
    signup_date,
    n_sessions,
    active_days,
    n_impressions,
    feed_bias_category,
    active_notif_responder,
    is_in_survey_panel
from marts.dim_users
where has_report_page
order by user_id
