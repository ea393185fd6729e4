-- The ad impressions that passed every check (int_ad_impressions__validated), once
-- each, with whether and how fast they were clicked.
with

validated_ad_impressions as (
    select
        ad_impression_id,
        user_id,
        ad_id,
        ad_category,
        is_converted,
        shown_at,
        clicked_at,
        rejection_reason
    from {{ ref('int_ad_impressions__validated') }}
),

clean as (
    select
        -- ids
        ad_impression_id,
        user_id,
        ad_id,

        -- attributes
        ad_category,

        -- numerics
        {{ dbt.datediff('shown_at', 'clicked_at', 'millisecond') }} as time_to_click_ms,  -- noqa: LT05

        -- booleans
        clicked_at is not null as is_clicked,
        coalesce(is_converted, false) as is_converted,

        -- timestamps
        shown_at,
        clicked_at

    from validated_ad_impressions
    where rejection_reason is null
)

select * from clean
