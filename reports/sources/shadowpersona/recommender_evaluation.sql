-- Each recommender method's held-out figures (marts.eval_recommender), and beside them the
-- figures seed 004 (a user-behaviour analytics project's README) reports for its hybrid
-- recommender: hit rate 29.0 %, NDCG 0.173, coverage 100 % of users, on its own data and at
-- a cut-off it does not state. Those three numbers are typed here, from that document; every
-- other number comes from the build.
select
    method,
    case method
        when 'hybrid' then 'Hybrid (blend)'
        when 'popularity' then 'Popularity'
        when 'content' then 'Content-based'
        else 'Collaborative (item-item)'
    end as method_label,
    case method
        when 'hybrid' then 1
        when 'popularity' then 2
        when 'content' then 3
        else 4
    end as method_order,
    k,
    cast(n_users_evaluated as double) as n_users_evaluated,
    hit_rate,
    ndcg,
    precision_at_k,
    user_coverage,
    catalogue_coverage,
    false as is_seed_004
from marts.eval_recommender
union all
select
    'seed_004' as method,
    'Seed 004''s hybrid (another project and data set)' as method_label,
    5 as method_order,
    null as k,
    null as n_users_evaluated,
    0.29 as hit_rate,
    0.173 as ndcg,
    null as precision_at_k,
    1.0 as user_coverage,
    null as catalogue_coverage,
    true as is_seed_004
