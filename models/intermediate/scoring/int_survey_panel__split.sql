-- The survey panel split for learning: one row per panel member, either a training user (the
-- learned trait models are fitted on their self-reports) or held out (used only to evaluate).
-- The split is a hash of user_id, so it is the same in every build, independent of row order
-- and of which other users exist, and can be recomputed outside SQL.
with

survey_responses as (
    select user_id
    from {{ ref('int_survey_responses__clean') }}
),

panel as (
    select distinct user_id
    from survey_responses
),

hashed as (
    select
        user_id,
        {{ hash_fraction('user_id') }} as split_hash
    from panel
)

select
    user_id,
    split_hash,
    split_hash < {{ var('learned_held_out_share') }} as is_held_out
from hashed
