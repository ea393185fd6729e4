-- Segments x personas: users in both, and each cell's share of its segment and of its persona
-- (marts.fct_segment_persona_crosstab).
select
    segment_id,
    segment_label,
    segment_name,
    persona,
    persona_label,
    persona_priority,
    cast(n_users as double) as n_users,
    share_of_segment,
    share_of_persona
from marts.fct_segment_persona_crosstab
order by segment_id, persona_priority
