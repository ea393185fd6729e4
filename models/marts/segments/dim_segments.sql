-- The segments in words: size, how tight they are, the behaviours that set each apart (the
-- features whose mean z-score is furthest from 0 in fct_segment_profiles), a name generated
-- from them, and the persona most of its members have.
with

user_segments as (
    select
        user_id,
        n_segments,
        segment_id,
        segment_label,
        distance_to_centroid,
        silhouette_width,
        persona
    from {{ ref('fct_user_segments') }}
),

profiles as (
    select
        segment_id,
        mean_z_score,
        feature_phrase,
        feature_rank
    from {{ ref('fct_segment_profiles') }}
),

personas as (
    select
        persona,
        persona_label,
        priority
    from {{ ref('dim_personas') }}
),

sizes as (
    select
        n_segments,
        segment_id,
        segment_label,
        count(*) as n_users,
        {{ exact_avg('distance_to_centroid') }} as mean_distance_to_centroid,
        {{ exact_avg('silhouette_width') }} as silhouette
    from user_segments
    group by all
),

described_features as (
    select
        segment_id,
        feature_rank,
        abs(mean_z_score) >= {{ var('segment_name_min_abs_z') }} as is_distinct,
        feature_phrase,
        feature_phrase || ' ('
        || case when mean_z_score >= 0 then '+' else '' end
        || cast(round(mean_z_score, 1) as {{ dbt.type_string() }}) || ' sd)'
            as feature_text
    from profiles
),

defining_features as (
    select
        segment_id,
        {{ dbt.listagg('feature_text', "'; '", 'order by feature_rank') }} as defining_features
    from described_features
    where feature_rank <= {{ var('segment_defining_top_n') }}
    group by segment_id
),

-- the name: the top features' phrases, but only those far enough from the average to mean
-- something; a segment with none is named for being average
generated_names as (
    select
        segment_id,
        {{ dbt.listagg('feature_phrase', "', '", 'order by feature_rank') }} as segment_name
    from described_features
    where feature_rank <= {{ var('segment_name_top_n') }} and is_distinct
    group by segment_id
),

persona_counts as (
    select
        user_segments.segment_id,
        user_segments.persona,
        personas.persona_label,
        personas.priority,
        count(*) as n_users
    from user_segments
    inner join personas
        on user_segments.persona = personas.persona
    group by all
),

-- the most common persona first; a tie goes to the persona whose rule is tried first
ranked_personas as (
    select
        *,
        row_number() over (
            partition by segment_id
            order by n_users desc, priority asc
        ) as persona_rank
    from persona_counts
),

final as (
    select
        sizes.segment_id,
        sizes.segment_label,
        coalesce(generated_names.segment_name, 'close to the average in every behaviour')
            as segment_name,
        sizes.n_segments,
        sizes.n_users,
        100.0 * sizes.n_users / sum(sizes.n_users) over () as user_share_pct,
        sizes.mean_distance_to_centroid,
        sizes.silhouette,
        defining_features.defining_features,
        ranked_personas.persona as top_persona,
        ranked_personas.persona_label as top_persona_label,
        100.0 * ranked_personas.n_users / sizes.n_users as top_persona_share_pct
    from sizes
    left join generated_names
        on sizes.segment_id = generated_names.segment_id
    left join defining_features
        on sizes.segment_id = defining_features.segment_id
    inner join ranked_personas
        on
            sizes.segment_id = ranked_personas.segment_id
            and ranked_personas.persona_rank = 1
)

select
    cast(segment_id as integer) as segment_id,
    cast(segment_label as {{ dbt.type_string() }}) as segment_label,
    cast(segment_name as {{ dbt.type_string() }}) as segment_name,
    cast(n_segments as integer) as n_segments,
    cast(n_users as bigint) as n_users,
    cast(user_share_pct as double) as user_share_pct,
    cast(mean_distance_to_centroid as double) as mean_distance_to_centroid,
    cast(silhouette as double) as silhouette,
    cast(defining_features as {{ dbt.type_string() }}) as defining_features,
    cast(top_persona as {{ dbt.type_string() }}) as top_persona,
    cast(top_persona_label as {{ dbt.type_string() }}) as top_persona_label,
    cast(top_persona_share_pct as double) as top_persona_share_pct
from final
