select
    cast(user_id as varchar) as user_id,
    category,
    n_impressions,
    n_engagements,
    dwell_s,
    share_of_impressions
from marts.fct_user_content_diet
where user_id in (select user_id from marts.dim_users where has_report_page)
