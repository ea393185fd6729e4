-- The data-driven segments: size, generated name, defining features, top persona (marts.dim_segments).
select
    segment_id,
    segment_label,
    segment_name,
    n_segments,
    cast(n_users as double) as n_users,
    user_share_pct / 100.0 as user_share,
    mean_distance_to_centroid,
    silhouette,
    defining_features,
    top_persona_label,
    top_persona_share_pct / 100.0 as top_persona_share,
    top_persona_label || ' (' || cast(round(top_persona_share_pct) as integer) || ' % of members)'
        as top_persona_text
from marts.dim_segments
order by segment_id
