-- The anomaly detector against the incidents the generator planted. A day is "flagged" when
-- any metric is an anomaly on it; a flagged day with no planted incident is a false positive,
-- a planted day left unflagged a false negative. Days without enough history are not scored.
with

anomalies as (
    select
        activity_date,
        metric,
        robust_z,
        is_anomaly
    from {{ ref('fct_metric_anomalies') }}
),

incidents as (
    select
        incident_date,
        incident_type
    from {{ ref('stg_ground_truth__incidents') }}
),

per_day as (
    select
        activity_date,
        max(case when robust_z is not null then 1 else 0 end) = 1 as is_scored,
        sum(case when is_anomaly then 1 else 0 end) as n_metrics_flagged,
        {{ dbt.listagg("case when is_anomaly then metric end", "', '", "order by metric") }}
            as flagged_metrics,
        max(abs(robust_z)) as max_abs_robust_z,
        max(case when metric = 'sessions' then robust_z end) as sessions_robust_z,
        max(case when metric = 'active_users' then robust_z end) as active_users_robust_z
    from anomalies
    group by all
),

final as (
    select
        per_day.activity_date,
        incidents.incident_type as planted_incident_type,
        incidents.incident_date is not null as is_planted_incident,
        per_day.is_scored,
        cast(per_day.n_metrics_flagged as bigint) as n_metrics_flagged,
        per_day.n_metrics_flagged > 0 as is_flagged,
        per_day.flagged_metrics,
        cast(per_day.max_abs_robust_z as double) as max_abs_robust_z,
        cast(per_day.sessions_robust_z as double) as sessions_robust_z,
        cast(per_day.active_users_robust_z as double) as active_users_robust_z,
        case
            when not per_day.is_scored then 'not_scored'
            when incidents.incident_date is not null and per_day.n_metrics_flagged > 0
                then 'true_positive'
            when incidents.incident_date is not null then 'false_negative'
            when per_day.n_metrics_flagged > 0 then 'false_positive'
            else 'true_negative'
        end as outcome
    from per_day
    left join incidents
        on per_day.activity_date = incidents.incident_date
)

select * from final
