-- The users who get a page of their own (dim_users.has_report_page;
-- docs/operations.md#the-report-site).
select
    cast(users.user_id as varchar) as user_id,
    '/users/' || cast(users.user_id as varchar) as link,
    users.age,
    users.age_band,
    -- Shown as written ("non-binary"), not as the code.
    replace(users.gender, '_', '-') as gender,
    users.country_code,
    users.device_os,
    users.signup_date,
    users.n_sessions,
    users.active_days,
    users.n_impressions,
    users.feed_bias_category,
    users.active_notif_responder,
    users.is_in_survey_panel,
    personas.persona_label
from marts.dim_users as users
left join marts.fct_user_personas as personas
    on users.user_id = personas.user_id
where users.has_report_page
order by users.user_id
