{#
    How far each entity of one kind (session or notification) got in each funnel of that kind,
    as CTEs for a model's `with` chain; the last one, `funnel_progress`, has one row per funnel
    per entity that entered it (reached step 1) per step: funnel, entity_id, user_id, the
    `carried` columns, step_number, reached_at, is_converted.

    An entity converts at step k when it reached every step up to k, each no earlier than the
    one before (first occurrences). A session_length step is reached min_session_minutes after
    the session started, and only by sessions that lasted that long.

    `milestones` is a relation or CTE with entity_id, user_id, milestone, reached_at,
    duration_s and the `carried` columns, which must hold one value per entity.
#}
{% macro funnel_progress(milestones, entity, carried=[]) -%}
funnel_steps_of_entity as (
    select
        funnel,
        step_number,
        milestone,
        min_session_minutes
    from {{ ref('funnel_steps') }}
    where entity = '{{ entity }}'
),

entrants as (
    select
        funnel_steps_of_entity.funnel,
        {%- for column in carried %}
        {{ milestones }}.{{ column }},
        {%- endfor %}
        {{ milestones }}.entity_id,
        {{ milestones }}.user_id
    from funnel_steps_of_entity
    inner join {{ milestones }}
        on funnel_steps_of_entity.milestone = {{ milestones }}.milestone
    where funnel_steps_of_entity.step_number = 1
),

entrant_steps as (
    select
        entrants.funnel,
        entrants.entity_id,
        entrants.user_id,
        {%- for column in carried %}
        entrants.{{ column }},
        {%- endfor %}
        funnel_steps_of_entity.step_number,
        funnel_steps_of_entity.milestone,
        funnel_steps_of_entity.min_session_minutes
    from entrants
    inner join funnel_steps_of_entity
        on entrants.funnel = funnel_steps_of_entity.funnel
),

steps_reached as (
    select
        entrant_steps.funnel,
        entrant_steps.entity_id,
        entrant_steps.user_id,
        {%- for column in carried %}
        entrant_steps.{{ column }},
        {%- endfor %}
        entrant_steps.step_number,
        case
            when entrant_steps.min_session_minutes is null then {{ milestones }}.reached_at
            when {{ milestones }}.duration_s >= entrant_steps.min_session_minutes * 60
                then {{ dbt.dateadd('second', 'cast(entrant_steps.min_session_minutes * 60 as integer)', milestones ~ '.reached_at') }}
        end as reached_at
    from entrant_steps
    left join {{ milestones }}
        on
            entrant_steps.entity_id = {{ milestones }}.entity_id
            and entrant_steps.milestone = {{ milestones }}.milestone
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

funnel_progress as (
    select
        funnel,
        entity_id,
        user_id,
        {%- for column in carried %}
        {{ column }},
        {%- endfor %}
        step_number,
        reached_at,
        min(is_step_in_order) over (
            partition by funnel, entity_id
            order by step_number
            rows between unbounded preceding and current row
        ) = 1 as is_converted
    from steps_in_order
)
{%- endmacro %}
