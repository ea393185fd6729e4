-- What each segment looks like: the mean of its members' standardised scoring features (the
-- segment's centre in the space k-means clusters, 0 = the population's average), ranked
-- within the segment by distance from the average. The ranks name the segment in dim_segments.
with

user_segments as (
    select
        user_id,
        segment_id
    from {{ ref('fct_user_segments') }}
),

feature_scores as (
    select
        user_id,
        feature_name,
        z_score
    from {{ ref('int_feature_scores__standardised') }}
),

scoring_features as (
    select
        feature_name,
        feature_group,
        plain_language,
        above_phrase,
        below_phrase
    from {{ ref('scoring_features') }}
),

per_segment as (
    select
        user_segments.segment_id,
        feature_scores.feature_name,
        count(*) as n_users,
        {{ exact_avg('feature_scores.z_score') }} as mean_z_score
    from user_segments
    inner join feature_scores
        on user_segments.user_id = feature_scores.user_id
    group by all
),

-- the feature furthest from the average first; equal distances by feature name
ranked as (
    select
        per_segment.*,
        scoring_features.feature_group,
        scoring_features.plain_language,
        case
            when per_segment.mean_z_score >= 0 then scoring_features.above_phrase
            else scoring_features.below_phrase
        end as feature_phrase,
        row_number() over (
            partition by per_segment.segment_id
            order by abs(per_segment.mean_z_score) desc, per_segment.feature_name
        ) as feature_rank
    from per_segment
    inner join scoring_features
        on per_segment.feature_name = scoring_features.feature_name
)

select
    cast(segment_id as integer) as segment_id,
    cast(feature_name as {{ dbt.type_string() }}) as feature_name,
    cast(feature_group as {{ dbt.type_string() }}) as feature_group,
    cast(plain_language as {{ dbt.type_string() }}) as plain_language,
    cast(n_users as bigint) as n_users,
    cast(mean_z_score as double) as mean_z_score,
    cast(feature_phrase as {{ dbt.type_string() }}) as feature_phrase,
    cast(feature_rank as integer) as feature_rank
from ranked
