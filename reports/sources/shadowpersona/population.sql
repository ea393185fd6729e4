-- Population figures for the overview, from the marts.
select
    (select count(*) from marts.dim_users) as n_users,
    (select count(*) from marts.dim_users where is_profiled) as n_profiled,
    (select count(*) from marts.dim_users where is_in_survey_panel) as n_panel,
    (select sum(n_events) from marts.fct_engagement_heatmap) as n_events,
    (select sum(n_sessions_started) from marts.fct_engagement_heatmap) as n_sessions,
    (select world_days from marts.dim_world) as n_days,
    -- The world's period, not the span of the data (a few late-night sessions of the last
    -- day run past its midnight).
    (select first_date from marts.dim_world) as first_date,
    (select last_date from marts.dim_world) as last_date
