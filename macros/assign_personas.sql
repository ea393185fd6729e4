{#
    Persona rules, applied to any relation in the shape (key columns..., trait, band): returns
    one row per unit (the key columns) with the first persona, by priority, whose rules the
    unit meets. A persona's rules are rows of the persona_rules seed: for every trait it names,
    the unit's band must be one of the bands listed for that trait (bands of one trait are
    alternatives, traits are all required). A persona with no rule matches everyone: the
    catch-all. Kept as a macro so that the same rules can be applied to other trait snapshots
    (e.g. per user per week: key_columns=['user_id', 'week_start_date']).
#}
{% macro assign_personas(trait_bands, key_columns=['user_id']) %}
    {%- set keys = key_columns | join(', ') -%}
    with

    persona_list as (
        select
            persona,
            priority
        from {{ ref('personas') }}
    ),

    persona_rules as (
        select
            persona,
            trait,
            band
        from {{ ref('persona_rules') }}
    ),

    unit_bands as (
        select
            {{ keys }},
            trait,
            band
        from {{ trait_bands }}
    ),

    persona_conditions as (
        select
            persona,
            count(distinct trait) as n_conditions
        from persona_rules
        group by persona
    ),

    conditions_met as (
        select
            {%- for key in key_columns %}
                unit_bands.{{ key }},
            {%- endfor %}
            persona_rules.persona,
            count(distinct persona_rules.trait) as n_met
        from unit_bands
        inner join persona_rules
            on
                unit_bands.trait = persona_rules.trait
                and unit_bands.band = persona_rules.band
        group by all
    ),

    units as (
        select distinct {{ keys }}
        from unit_bands
    ),

    matching as (
        select
            {%- for key in key_columns %}
                units.{{ key }},
            {%- endfor %}
            persona_list.persona,
            persona_list.priority
        from units
        cross join persona_list
        left join persona_conditions
            on persona_list.persona = persona_conditions.persona
        left join conditions_met
            on
                persona_list.persona = conditions_met.persona
                {%- for key in key_columns %}
                    and units.{{ key }} = conditions_met.{{ key }}
                {%- endfor %}
        where coalesce(conditions_met.n_met, 0) = coalesce(persona_conditions.n_conditions, 0)
    ),

    first_match as (
        select
            *,
            row_number() over (partition by {{ keys }} order by priority) as match_rank
        from matching
    )

    select
        {{ keys }},
        persona,
        priority as persona_priority
    from first_match
    where match_rank = 1
{% endmacro %}
