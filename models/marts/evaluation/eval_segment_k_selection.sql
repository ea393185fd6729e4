-- How many segments? One row per k tried by the k-means model (int_user_segments__by_k): the
-- mean silhouette width (the criterion: the largest wins, a tie goes to the smaller k), the
-- inertia, the smallest segment's share, and the agreement of the segments with the
-- rule-based personas (adjusted Rand index and normalised mutual information, from the
-- segment x persona contingency table). Exactly one row has is_chosen.
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

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
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

-- the contingency table of segment x persona, per k (users with both)
cells as (
    select
        user_segments.n_segments,
        user_segments.segment_id,
        user_personas.persona,
        count(*) as n_users
    from user_segments
    inner join user_personas
        on user_segments.user_id = user_personas.user_id
    group by all
),

segment_totals as (
    select
        n_segments,
        segment_id,
        sum(n_users) as n_users
    from cells
    group by all
),

persona_totals as (
    select
        n_segments,
        persona,
        sum(n_users) as n_users
    from cells
    group by all
),

k_totals as (
    select
        n_segments,
        sum(n_users) as n_compared
    from cells
    group by n_segments
),

cells_with_totals as (
    select
        cells.n_segments,
        cells.n_users,
        k_totals.n_compared,
        -- n_ij ln(N n_ij / (a_i b_j)): summed and divided by N, the mutual information
        cells.n_users * ln(
            cells.n_users * k_totals.n_compared / (segment_totals.n_users * persona_totals.n_users)
        ) as mutual_information_term
    from cells
    inner join k_totals
        on cells.n_segments = k_totals.n_segments
    inner join segment_totals
        on
            cells.n_segments = segment_totals.n_segments
            and cells.segment_id = segment_totals.segment_id
    inner join persona_totals
        on
            cells.n_segments = persona_totals.n_segments
            and cells.persona = persona_totals.persona
),

-- pairs of users together in a cell, in a segment, in a persona; and the sums behind the
-- mutual information and the entropies (natural logarithms)
cell_terms as (
    select
        n_segments,
        sum(n_users * (n_users - 1)) / 2 as n_pairs_together,
        {{ exact_sum('mutual_information_term') }} as mutual_information_sum
    from cells_with_totals
    group by n_segments
),

segment_terms as (
    select
        n_segments,
        sum(n_users) as n_compared,
        sum(n_users * (n_users - 1)) / 2 as n_pairs_same_segment,
        {{ exact_sum('n_users * ln(n_users)') }} as n_ln_n_sum
    from segment_totals
    group by n_segments
),

persona_terms as (
    select
        n_segments,
        sum(n_users * (n_users - 1)) / 2 as n_pairs_same_persona,
        {{ exact_sum('n_users * ln(n_users)') }} as n_ln_n_sum
    from persona_totals
    group by n_segments
),

agreement as (
    select
        segment_terms.n_segments,
        segment_terms.n_compared,
        cell_terms.n_pairs_together,
        segment_terms.n_pairs_same_segment,
        persona_terms.n_pairs_same_persona,
        segment_terms.n_compared * (segment_terms.n_compared - 1) / 2 as n_pairs,
        -- entropies: H = ln(N) - sum(n ln n) / N
        ln(segment_terms.n_compared)
        - segment_terms.n_ln_n_sum / segment_terms.n_compared as segment_entropy,
        ln(segment_terms.n_compared)
        - persona_terms.n_ln_n_sum / segment_terms.n_compared as persona_entropy,
        greatest(cell_terms.mutual_information_sum / segment_terms.n_compared, 0)
            as mutual_information
    from segment_terms
    inner join persona_terms
        on segment_terms.n_segments = persona_terms.n_segments
    inner join cell_terms
        on segment_terms.n_segments = cell_terms.n_segments
),

-- ARI = (index - expected) / (max - expected), with index the pairs together in both,
-- expected = pairs same segment x pairs same persona / all pairs, max = the mean of the
-- two; 1 when max = expected (both partitions trivial), as scikit-learn.
-- NMI = MI / mean(H(segments), H(personas)) (scikit-learn's default, arithmetic mean).
agreement_indices as (
    select
        n_segments,
        n_compared,
        case
            when
                (n_pairs_same_segment + n_pairs_same_persona) / 2.0
                = n_pairs_same_segment * n_pairs_same_persona / nullif(n_pairs, 0)
                then 1.0
            else
                (
                    n_pairs_together
                    - n_pairs_same_segment * n_pairs_same_persona / nullif(n_pairs, 0)
                )
                / (
                    (n_pairs_same_segment + n_pairs_same_persona) / 2.0
                    - n_pairs_same_segment * n_pairs_same_persona / nullif(n_pairs, 0)
                )
        end as adjusted_rand_index,
        case
            when segment_entropy + persona_entropy <= 0 then 1.0
            else least(mutual_information / ((segment_entropy + persona_entropy) / 2), 1)
        end as normalised_mutual_information
    from agreement
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
        agreement_indices.n_compared,
        agreement_indices.adjusted_rand_index,
        agreement_indices.normalised_mutual_information,
        row_number() over (
            order by per_k.silhouette desc nulls last, per_k.n_segments asc
        ) as silhouette_rank
    from per_k
    inner join smallest_segments
        on per_k.n_segments = smallest_segments.n_segments
    left join agreement_indices
        on per_k.n_segments = agreement_indices.n_segments
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
    cast(n_users_smallest_segment / n_users as double) as smallest_segment_share,
    cast(coalesce(n_compared, 0) as bigint) as n_users_compared,
    cast(adjusted_rand_index as double) as adjusted_rand_index,
    cast(normalised_mutual_information as double) as normalised_mutual_information
from ranked
