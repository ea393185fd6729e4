-- The segments against the rule-based personas: one row per segment x persona (every pair,
-- 0 when no user is in both), with the share of the segment and of the persona it holds.
with

user_segments as (
    select
        user_id,
        segment_id,
        persona
    from {{ ref('fct_user_segments') }}
),

segments as (
    select
        segment_id,
        segment_label,
        segment_name,
        n_users as n_users_segment
    from {{ ref('dim_segments') }}
),

personas as (
    select
        persona,
        persona_label,
        priority
    from {{ ref('dim_personas') }}
),

cells as (
    select
        segment_id,
        persona,
        count(*) as n_users
    from user_segments
    group by all
),

persona_sizes as (
    select
        persona,
        count(*) as n_users_persona
    from user_segments
    group by persona
),

final as (
    select
        segments.segment_id,
        segments.segment_label,
        segments.segment_name,
        personas.persona,
        personas.persona_label,
        personas.priority as persona_priority,
        coalesce(cells.n_users, 0) as n_users,
        segments.n_users_segment,
        coalesce(persona_sizes.n_users_persona, 0) as n_users_persona,
        coalesce(cells.n_users, 0) / segments.n_users_segment as share_of_segment,
        coalesce(cells.n_users, 0) / nullif(persona_sizes.n_users_persona, 0)
            as share_of_persona
    from segments
    cross join personas
    left join cells
        on
            segments.segment_id = cells.segment_id
            and personas.persona = cells.persona
    left join persona_sizes
        on personas.persona = persona_sizes.persona
)

select
    cast(segment_id as integer) as segment_id,
    cast(segment_label as {{ dbt.type_string() }}) as segment_label,
    cast(segment_name as {{ dbt.type_string() }}) as segment_name,
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(persona_label as {{ dbt.type_string() }}) as persona_label,
    cast(persona_priority as integer) as persona_priority,
    cast(n_users as bigint) as n_users,
    cast(n_users_segment as bigint) as n_users_segment,
    cast(n_users_persona as bigint) as n_users_persona,
    cast(share_of_segment as double) as share_of_segment,
    cast(share_of_persona as double) as share_of_persona
from final
