-- Every profiled user must get a persona: exactly one persona has no rule (the catch-all,
-- which matches everyone), and it is tried last, or the personas after it could never match.
-- Returns a row when that does not hold.
with

personas as (
    select
        persona,
        priority
    from {{ ref('personas') }}
),

persona_rules as (
    select distinct persona
    from {{ ref('persona_rules') }}
),

catch_alls as (
    select
        personas.persona,
        personas.priority
    from personas
    left join persona_rules
        on personas.persona = persona_rules.persona
    where persona_rules.persona is null
),

checked as (
    select
        (select count(*) from catch_alls) as n_catch_alls,
        (select max(priority) from catch_alls) as catch_all_priority,
        (select max(priority) from personas) as last_priority
)

select *
from checked
where n_catch_alls <> 1 or catch_all_priority <> last_priority
