-- Population figures for the overview, from the marts.
select
    (select count(*) from marts.dim_users) as n_users,
    (select count(*) from marts.dim_users where is_profiled) as n_profiled,
    (select count(*) from marts.dim_users where is_in_survey_panel) as n_panel,
    (select sum(n_events) from marts.fct_engagement_heatmap) as n_events,
    (select sum(n_sessions_started) from marts.fct_engagement_heatmap) as n_sessions,
    (select min(activity_date) from marts.fct_user_daily_activity) as first_date,
    (select max(activity_date) from marts.fct_user_daily_activity) as last_date
