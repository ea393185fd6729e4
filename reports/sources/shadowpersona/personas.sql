-- The personas: rule, size and what sets each apart (marts.dim_personas).
select
    persona,
    persona_label,
    priority,
    description,
    rule_text,
    cast(n_users as double) as n_users,
    user_share_pct / 100.0 as user_share,
    top_trait,
    top_trait_difference,
    defining_traits,
    defining_behaviours
from marts.dim_personas
order by priority
