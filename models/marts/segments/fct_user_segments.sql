-- Each profiled user's data-driven segment: k-means at the k the silhouette chose
-- (eval_segment_k_selection), with how well they fit it and their rule-based persona beside it.
with

chosen_k as (
    select n_segments
    from {{ ref('eval_segment_k_selection') }}
    where is_chosen
),

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
        persona,
        persona_label
    from {{ ref('fct_user_personas') }}
),

final as (
    select
        user_segments.user_id,
        user_segments.n_segments,
        user_segments.segment_id,
        'Segment ' || user_segments.segment_id as segment_label,
        user_segments.distance_to_centroid,
        user_segments.silhouette_width,
        user_personas.persona,
        user_personas.persona_label
    from user_segments
    inner join chosen_k
        on user_segments.n_segments = chosen_k.n_segments
    inner join user_personas
        on user_segments.user_id = user_personas.user_id
)

select
    cast(user_id as bigint) as user_id,
    cast(n_segments as integer) as n_segments,
    cast(segment_id as integer) as segment_id,
    cast(segment_label as {{ dbt.type_string() }}) as segment_label,
    cast(distance_to_centroid as double) as distance_to_centroid,
    cast(silhouette_width as double) as silhouette_width,
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(persona_label as {{ dbt.type_string() }}) as persona_label
from final
