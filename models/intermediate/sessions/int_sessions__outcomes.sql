-- What each session's path reached (int_sessions__steps): the observed counterparts of the
-- Markov chain's expected outcomes.
with

session_steps as (
    select
        session_id,
        user_id,
        step_number,
        state
    from {{ ref('int_sessions__steps') }}
),

final as (
    select
        session_id,
        user_id,
        max(case when state = 'share' then 1 else 0 end) = 1 as has_share,
        max(case when state = 'ad_click' then 1 else 0 end) = 1 as has_ad_click,
        sum(case when step_number > 0 then 1 else 0 end) as n_events,
        sum(case when state = 'feed' then 1 else 0 end) as n_posts_seen
    from session_steps
    group by session_id, user_id
)

select * from final
