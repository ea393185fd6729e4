-- Do the data-driven segments agree with the rule-based personas? One row per k tried by the
-- k-means model (int_user_segments__by_k): the adjusted Rand index and the normalised mutual
-- information of the segment x persona contingency table, over the users with both, and
-- whether the k is the one the silhouette chose (eval_segment_k_selection).
with

user_segments as (
    select
        n_segments,
        user_id,
        segment_id
    from {{ ref('int_user_segments__by_k') }}
),

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

k_selection as (
    select
        n_segments,
        is_chosen
    from {{ ref('eval_segment_k_selection') }}
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
)

select
    cast(agreement_indices.n_segments as integer) as n_segments,
    cast(k_selection.is_chosen as boolean) as is_chosen,
    cast(agreement_indices.n_compared as bigint) as n_users_compared,
    cast(agreement_indices.adjusted_rand_index as double) as adjusted_rand_index,
    cast(agreement_indices.normalised_mutual_information as double)
        as normalised_mutual_information
from agreement_indices
inner join k_selection
    on agreement_indices.n_segments = k_selection.n_segments
