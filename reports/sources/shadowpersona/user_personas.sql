-- The persona of each user who has a page of their own.
select
    cast(user_personas.user_id as varchar) as user_id,
    user_personas.persona,
    user_personas.persona_label,
    personas.description as persona_description,
    personas.rule_text,
    personas.user_share_pct / 100.0 as persona_share,
    -- The page's persona sentence, whole: Evidence's <Value> puts a space before any
    -- punctuation that follows it ("high ."), so the sentence is not assembled in markdown.
    user_personas.persona_label || ', shared by ' || cast(round(personas.user_share_pct) as integer)
    || ' % of users. ' || personas.description || ' Rule met: ' || personas.rule_text || '.'
        as persona_sentence
from marts.fct_user_personas as user_personas
inner join marts.dim_personas as personas
    on user_personas.persona = personas.persona
inner join marts.dim_users as users
    on user_personas.user_id = users.user_id
where users.has_report_page
