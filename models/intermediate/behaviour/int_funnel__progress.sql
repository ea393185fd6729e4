-- How far each entity got in each funnel. An entity enters a funnel when it reaches step 1;
-- it converts at step k when it reached every step up to k, each no earlier than the one
-- before (first occurrences). A session_length step is reached min_session_minutes after the
-- session started, and only by sessions that lasted that long.
with

steps as (
    select
        funnel,
        entity,
        step_number,
        milestone,
        min_session_minutes
    from {{ ref('funnel_steps') }}
),

milestones as (
    select
        entity,
        entity_id,
        user_id,
        milestone,
        reached_at,
        duration_s
    from {{ ref('int_funnel__milestones') }}
),

entrants as (
    select
        steps.funnel,
        milestones.entity,
        milestones.entity_id,
        milestones.user_id
    from steps
    inner join milestones
        on
            steps.entity = milestones.entity
            and steps.milestone = milestones.milestone
    where steps.step_number = 1
),

entrant_steps as (
    select
        entrants.funnel,
        entrants.entity,
        entrants.entity_id,
        entrants.user_id,
        steps.step_number,
        steps.milestone,
        steps.min_session_minutes
    from entrants
    inner join steps
        on entrants.funnel = steps.funnel
),

steps_reached as (
    select
        entrant_steps.funnel,
        entrant_steps.entity_id,
        entrant_steps.user_id,
        entrant_steps.step_number,
        case
            when entrant_steps.min_session_minutes is null then milestones.reached_at
            when milestones.duration_s >= entrant_steps.min_session_minutes * 60
                then {{ dbt.dateadd('second', 'cast(entrant_steps.min_session_minutes * 60 as integer)', 'milestones.reached_at') }}  -- noqa: LT05
        end as reached_at
    from entrant_steps
    left join milestones
        on
            entrant_steps.entity = milestones.entity
            and entrant_steps.entity_id = milestones.entity_id
            and entrant_steps.milestone = milestones.milestone
),

steps_in_order as (
    select
        *,
        case
            when reached_at is null then 0
            when
                lag(reached_at) over (
                    partition by funnel, entity_id order by step_number
                ) > reached_at
                then 0
            else 1
        end as is_step_in_order
    from steps_reached
),

final as (
    select
        funnel,
        entity_id,
        user_id,
        step_number,
        reached_at,
        min(is_step_in_order) over (
            partition by funnel, entity_id
            order by step_number
            rows between unbounded preceding and current row
        ) = 1 as is_converted
    from steps_in_order
)

select * from final
