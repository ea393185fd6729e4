-- Every user active in a week gets exactly one persona (the catch-all guarantees it), so each
-- week's persona shares sum to 1 and its counts to the users scored that week.
with

shares as (
    select
        week_number,
        sum(user_share) as total_share,
        sum(n_users) as total_users
    from {{ ref('fct_persona_shares_weekly') }}
    group by week_number
),

week_users as (
    select
        week_number,
        count(distinct user_id) as n_users
    from {{ ref('fct_user_traits_weekly') }}
    where method = 'hand-set'
    group by week_number
)

select
    shares.week_number,
    shares.total_share,
    shares.total_users,
    week_users.n_users
from shares
full outer join week_users
    on shares.week_number = week_users.week_number
where
    abs(coalesce(shares.total_share, 0) - 1) > 1e-9
    or coalesce(shares.total_users, -1) <> coalesce(week_users.n_users, -2)
