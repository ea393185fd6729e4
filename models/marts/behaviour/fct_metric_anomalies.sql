-- The anomaly rule, per complete UTC day and metric: robust z = (x - m) / (1.4826 x MAD),
-- where m and MAD are the median and the median absolute deviation of the metric over the
-- var('anomaly_trailing_days') complete days before (the day itself excluded). 1.4826 makes
-- the MAD estimate a standard deviation for normal data. The MAD is floored at
-- var('anomaly_mad_floor_share') of |m|, so that a calm history (or a MAD of 0) does not
-- turn ordinary noise into alarms. A day is flagged when |z| >= var('anomaly_z_threshold')
-- and it has at least var('anomaly_min_history_days') days of history.
with

daily as (
    select
        activity_date,
        n_active_users,
        n_sessions,
        engaged_min,
        n_notification_opens,
        ad_ctr
    from {{ ref('fct_daily_trends') }}
    where is_complete_day
),

metric_values as (
    select
        activity_date,
        'active_users' as metric,
        cast(n_active_users as double) as metric_value
    from daily
    union all
    select
        activity_date,
        'sessions' as metric,
        cast(n_sessions as double) as metric_value
    from daily
    union all
    select
        activity_date,
        'engaged_min' as metric,
        cast(engaged_min as double) as metric_value
    from daily
    union all
    select
        activity_date,
        'notification_opens' as metric,
        cast(n_notification_opens as double) as metric_value
    from daily
    union all
    select
        activity_date,
        'ad_ctr' as metric,
        cast(ad_ctr as double) as metric_value
    from daily
),

observed as (
    select * from metric_values
    where metric_value is not null
),

history as (
    select
        observed.activity_date,
        observed.metric,
        earlier.metric_value as history_value
    from observed
    inner join observed as earlier
        on
            observed.metric = earlier.metric
            and observed.activity_date > earlier.activity_date
            and earlier.activity_date
            >= {{ dbt.dateadd('day', -var('anomaly_trailing_days'), 'observed.activity_date') }}  -- noqa: LT05
),

medians as (
    select
        activity_date,
        metric,
        count(*) as n_history_days,
        percentile_cont(0.5) within group (order by history_value) as trailing_median
    from history
    group by all
),

mads as (
    select
        history.activity_date,
        history.metric,
        percentile_cont(0.5) within group (
            order by abs(history.history_value - medians.trailing_median)
        ) as trailing_mad
    from history
    inner join medians
        on
            history.activity_date = medians.activity_date
            and history.metric = medians.metric
    group by all
),

scored as (
    select
        observed.activity_date,
        observed.metric,
        observed.metric_value,
        coalesce(medians.n_history_days, 0) as n_history_days,
        medians.trailing_median,
        mads.trailing_mad,
        greatest(
            mads.trailing_mad, {{ var('anomaly_mad_floor_share') }} * abs(medians.trailing_median)
        ) as mad_used
    from observed
    left join medians
        on
            observed.activity_date = medians.activity_date
            and observed.metric = medians.metric
    left join mads
        on
            observed.activity_date = mads.activity_date
            and observed.metric = mads.metric
),

with_z as (
    select
        *,
        case
            when n_history_days >= {{ var('anomaly_min_history_days') }} and mad_used > 0
                then (metric_value - trailing_median) / (1.4826 * mad_used)
        end as robust_z
    from scored
),

final as (
    select
        activity_date,
        metric,
        metric_value,
        cast(n_history_days as bigint) as n_history_days,
        cast(trailing_median as double) as trailing_median,
        cast(trailing_mad as double) as trailing_mad,
        cast(mad_used as double) as mad_used,
        cast(robust_z as double) as robust_z,
        coalesce(abs(robust_z) >= {{ var('anomaly_z_threshold') }}, false) as is_anomaly,
        case
            when abs(robust_z) >= {{ var('anomaly_z_threshold') }} and robust_z > 0 then 'up'
            when abs(robust_z) >= {{ var('anomaly_z_threshold') }} then 'down'
        end as anomaly_direction
    from with_z
)

select * from final
