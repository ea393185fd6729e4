-- How many segments? One row per k tried by the k-means model (int_user_segments__by_k): the
-- mean silhouette width (the criterion: the largest wins, a tie goes to the smaller k), the
-- inertia and the smallest segment's share. Exactly one row has is_chosen. The agreement with
-- the personas at every k is eval_segment_persona_agreement.
with

user_segments as (
    select
        n_segments,
        user_id,
        segment_id,
        distance_to_centroid,
        silhouette_width
    from {{ ref('int_user_segments__by_k') }}
),

per_k as (
    select
        n_segments,
        count(*) as n_users,
        count(silhouette_width) as n_silhouette_users,
        {{ exact_avg('silhouette_width') }} as silhouette,
        {{ exact_sum('distance_to_centroid * distance_to_centroid') }} as inertia
    from user_segments
    group by n_segments
),

segment_sizes as (
    select
        n_segments,
        segment_id,
        count(*) as n_users
    from user_segments
    group by all
),

smallest_segments as (
    select
        n_segments,
        count(*) as n_segments_found,
        min(n_users) as n_users_smallest_segment
    from segment_sizes
    group by n_segments
),

ranked as (
    select
        per_k.*,
        smallest_segments.n_segments_found,
        smallest_segments.n_users_smallest_segment,
        row_number() over (
            order by per_k.silhouette desc nulls last, per_k.n_segments asc
        ) as silhouette_rank
    from per_k
    inner join smallest_segments
        on per_k.n_segments = smallest_segments.n_segments
)

select
    cast(n_segments as integer) as n_segments,
    cast(n_users as bigint) as n_users,
    cast(n_segments_found as integer) as n_segments_found,
    cast(n_silhouette_users as bigint) as n_silhouette_users,
    cast(silhouette as double) as silhouette,
    cast(silhouette_rank as integer) as silhouette_rank,
    cast(silhouette_rank = 1 as boolean) as is_chosen,
    cast(inertia as double) as inertia,
    cast(n_users_smallest_segment as bigint) as n_users_smallest_segment,
    cast(n_users_smallest_segment / n_users as double) as smallest_segment_share
from ranked
