-- Every profiled user has exactly one persona, so the persona sizes in dim_personas add up to
-- the profiled users and their shares to 100 %. Returns a row when that does not hold.
with

-- hand-set scores
user_traits as (
    select distinct user_id
    from {{ ref('fct_user_traits') }}
),

user_personas as (
    select user_id
    from {{ ref('fct_user_personas') }}
),

personas as (
    select
        n_users,
        user_share_pct
    from {{ ref('dim_personas') }}
),

checked as (
    select
        (select count(*) from user_traits) as n_profiled,
        (select count(*) from user_personas) as n_with_persona,
        (select sum(n_users) from personas) as n_in_personas,
        (select sum(user_share_pct) from personas) as total_share_pct
)

select *
from checked
where
    n_with_persona <> n_profiled
    or n_in_personas <> n_profiled
    or abs(total_share_pct - 100) > 1e-6
