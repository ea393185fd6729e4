-- Each persona's mean of every trait score and scoring feature against the population's.
select
    persona_profiles.persona,
    personas.persona_label,
    personas.priority,
    persona_profiles.measure_type,
    persona_profiles.measure,
    persona_profiles.measure_label,
    persona_profiles.persona_mean,
    persona_profiles.population_mean,
    persona_profiles.standardised_difference,
    persona_profiles.difference_rank
from marts.fct_persona_profiles as persona_profiles
inner join marts.dim_personas as personas
    on persona_profiles.persona = personas.persona
