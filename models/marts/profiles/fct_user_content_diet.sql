-- What each user is shown and engages with: one row per user per content category.
with

categories as (
    select
        user_id,
        category,
        n_impressions,
        n_engagements,
        dwell_s
    from {{ ref('int_user_features__categories') }}
),

final as (
    select
        user_id,
        category,
        n_impressions,
        n_engagements,
        dwell_s,
        n_impressions * 1.0
        / nullif(sum(n_impressions) over (partition by user_id), 0) as share_of_impressions
    from categories
)

select
    cast(user_id as bigint) as user_id,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(n_impressions as bigint) as n_impressions,
    cast(n_engagements as bigint) as n_engagements,
    cast(dwell_s as double) as dwell_s,
    cast(coalesce(share_of_impressions, 0) as double) as share_of_impressions
from final
