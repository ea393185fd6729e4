-- The arms of the simulated A/B experiments: one row per what-if change (every scenario but
-- the baseline) per profiled user. Each change is its own experiment with its own split: a
-- hash of the scenario and the user_id (md5, as for the survey panel split), so that a user's
-- arm is the same in every build, independent of row order and of which other users exist,
-- recomputable outside SQL, and unrelated between two experiments.
with

-- A mart read from the intermediate layer, like int_markov__transitions (dbt-bouncer.yml
-- lists both): a user's chain is their persona's, and personas come from the published bands.
user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

scenarios as (
    select scenario
    from {{ ref('what_if_scenarios') }}
    where scenario <> 'baseline'
),

hashed as (
    select
        scenarios.scenario,
        user_personas.user_id,
        user_personas.persona,
        {{ hash_fraction(
            "scenarios.scenario || '/' || cast(user_personas.user_id as " ~ dbt.type_string() ~ ")"
        ) }} as split_hash
    from scenarios
    cross join user_personas
),

final as (
    select
        scenario,
        user_id,
        persona,
        split_hash,
        split_hash < {{ var('experiment_treatment_share') }} as is_treatment
    from hashed
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(user_id as bigint) as user_id,
    cast(persona as {{ dbt.type_string() }}) as persona,
    cast(split_hash as double) as split_hash,
    cast(is_treatment as boolean) as is_treatment,
    cast(case when is_treatment then 'treatment' else 'control' end as {{ dbt.type_string() }})
        as arm
from final
