-- The hybrid feed's first screen for the users who get a page of their own
-- (dim_users.has_report_page; docs/operations.md#the-report-site).
select
    cast(recommendations.user_id as varchar) as user_id,
    recommendations.recommendation_rank,
    cast(recommendations.content_id as varchar) as content_id,
    replace(recommendations.category, '_', ' ') as category,
    recommendations.outrage_score,
    recommendations.is_high_outrage,
    recommendations.reason_method,
    recommendations.reason
from marts.fct_user_recommendations as recommendations
where recommendations.method = 'hybrid'
    and recommendations.user_id in (select user_id from marts.dim_users where has_report_page)
