-- The behavioural feature vector over the whole period: one row per user seen in the
-- clickstream, every feature in one place. It is the window `all` of the windowed features
-- (int_user_features__by_window, where each feature is defined once for every window),
-- selecting the columns this model's YAML documents (its contract): the user and the
-- features, not the columns that describe the window. Users with no session have no row
-- (nothing to profile).
with

window_features as (
    select * from {{ ref('int_user_features__by_window') }}
),

final as (
    select
        {{ model.columns.keys() | join(",\n        ") }}
    from window_features
    where window_id = 'all'
)

select * from final
