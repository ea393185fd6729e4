-- Each segment's centre: the members' mean z-score of every scoring feature
-- (marts.fct_segment_profiles).
select
    segment_id,
    'Segment ' || segment_id as segment_label,
    feature_name,
    feature_group,
    plain_language,
    mean_z_score,
    feature_phrase,
    feature_rank
from marts.fct_segment_profiles
order by segment_id, feature_rank
