-- The persona of each user who has a page of their own.
select
    cast(user_personas.user_id as varchar) as user_id,
    user_personas.persona,
    user_personas.persona_label,
    personas.description as persona_description,
    personas.rule_text,
    personas.user_share_pct / 100.0 as persona_share
from marts.fct_user_personas as user_personas
inner join marts.dim_personas as personas
    on user_personas.persona = personas.persona
inner join marts.dim_users as users
    on user_personas.user_id = users.user_id
where users.has_report_page
