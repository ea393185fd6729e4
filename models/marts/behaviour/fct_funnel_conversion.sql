-- Funnel conversion and drop-off per step, for everyone and per trait band. Counts are of
-- funnel entities (sessions or notifications), not of users.
with

steps as (
    select
        funnel,
        entity,
        step_number,
        step_label
    from {{ ref('funnel_steps') }}
),

progress as (
    select
        funnel,
        user_id,
        step_number,
        is_converted
    from {{ ref('int_funnel__session_progress') }}

    union all

    select
        funnel,
        user_id,
        step_number,
        is_converted
    from {{ ref('int_funnel__notification_progress') }}
),

-- hand-set scores: the published profile (the learned scores are compared in the eval_ marts)
user_traits as (
    select
        user_id,
        trait,
        band
    from {{ ref('fct_user_traits') }}
    where method = 'hand-set'
),

per_user as (
    select
        funnel,
        user_id,
        step_number,
        count(*) as n_entered,
        sum(case when is_converted then 1 else 0 end) as n_reached
    from progress
    group by all
),

segmented as (
    select
        funnel,
        step_number,
        'all' as trait,
        'all' as band,
        sum(n_entered) as n_entered,
        sum(n_reached) as n_reached
    from per_user
    group by all

    union all

    select
        per_user.funnel,
        per_user.step_number,
        user_traits.trait,
        user_traits.band,
        sum(per_user.n_entered) as n_entered,
        sum(per_user.n_reached) as n_reached
    from per_user
    inner join user_traits
        on per_user.user_id = user_traits.user_id
    group by all
),

with_previous as (
    select
        *,
        lag(n_reached) over (
            partition by funnel, trait, band order by step_number
        ) as n_reached_previous_step
    from segmented
),

final as (
    select
        with_previous.funnel,
        steps.entity,
        with_previous.step_number,
        steps.step_label,
        with_previous.trait,
        with_previous.band,
        cast(with_previous.n_entered as bigint) as n_entered,
        cast(with_previous.n_reached as bigint) as n_reached,
        cast(
            coalesce(with_previous.n_reached_previous_step, with_previous.n_entered)
            - with_previous.n_reached as bigint
        ) as n_dropped,
        cast(with_previous.n_reached as double) / with_previous.n_entered
            as conversion_from_start,
        cast(with_previous.n_reached as double)
        / nullif(coalesce(with_previous.n_reached_previous_step, with_previous.n_entered), 0)
            as conversion_from_previous,
        1 - cast(with_previous.n_reached as double)
        / nullif(coalesce(with_previous.n_reached_previous_step, with_previous.n_entered), 0)
            as drop_off_from_previous
    from with_previous
    inner join steps
        on
            with_previous.funnel = steps.funnel
            and with_previous.step_number = steps.step_number
)

select * from final
