with

-- hand-set scores
user_traits as (
    select user_id, trait, band
    from marts.fct_user_traits
)

select
    user_traits.trait,
    user_traits.band,
    cast(count(*) as double) as n_sessions,
    avg(case when sessions.is_engaged then 1.0 else 0.0 end) as engaged_share,
    avg(case when sessions.is_doomscroll then 1.0 else 0.0 end) as doomscroll_share,
    avg(case when sessions.is_late_night then 1.0 else 0.0 end) as late_night_share,
    median(sessions.duration_s) / 60.0 as median_duration_min
from marts.fct_sessions as sessions
inner join user_traits
    on sessions.user_id = user_traits.user_id
group by user_traits.trait, user_traits.band
