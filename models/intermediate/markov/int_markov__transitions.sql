-- First-order transition probabilities between session states, estimated from the session
-- paths (int_sessions__steps) overall (segment 'all') and per persona, then changed by each
-- what-if scenario (seeds what_if_scenarios, what_if_changes). A change multiplies one
-- transition's probability; the mass it frees (or takes) goes to `mass_to_state` if given,
-- and every row is then renormalised to sum to 1. The baseline scenario has no change.
with

session_steps as (
    select
        user_id,
        state,
        next_state
    from {{ ref('int_sessions__steps') }}
),

-- A mart read from the intermediate layer, the one exception dbt-bouncer.yml lists: personas
-- come from the published trait bands until scoring moves into the intermediate layer.
user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

markov_states as (
    select
        state,
        state_order,
        is_absorbing
    from {{ ref('markov_states') }}
),

scenarios as (
    select scenario
    from {{ ref('what_if_scenarios') }}
),

changes as (
    select
        scenario,
        from_state,
        to_state,
        multiplier,
        mass_to_state
    from {{ ref('what_if_changes') }}
),

-- Users without a persona (not profiled) count only in 'all'.
steps_by_segment as (
    select
        'all' as segment,
        state as from_state,
        next_state as to_state
    from session_steps
    union all
    select
        user_personas.persona as segment,
        session_steps.state as from_state,
        session_steps.next_state as to_state
    from session_steps
    inner join user_personas
        on session_steps.user_id = user_personas.user_id
),

counts as (
    select
        segment,
        from_state,
        to_state,
        count(*) as n_transitions
    from steps_by_segment
    group by all
),

-- Segments with at least one session: everyone, and each persona that has members.
segments as (
    select distinct segment
    from counts
),

grid as (
    select
        segments.segment,
        from_states.state as from_state,
        from_states.state_order as from_state_order,
        to_states.state as to_state,
        to_states.state_order as to_state_order,
        to_states.is_absorbing as to_is_absorbing
    from segments
    cross join markov_states as from_states
    cross join markov_states as to_states
    where not from_states.is_absorbing
),

estimated as (
    select
        grid.segment,
        grid.from_state,
        grid.to_state,
        grid.from_state_order,
        grid.to_state_order,
        grid.to_is_absorbing,
        coalesce(counts.n_transitions, 0) as n_transitions,
        cast(coalesce(counts.n_transitions, 0) as double)
        / nullif(sum(coalesce(counts.n_transitions, 0)) over (
            partition by grid.segment, grid.from_state
        ), 0) as segment_probability
    from grid
    left join counts
        on
            grid.segment = counts.segment
            and grid.from_state = counts.from_state
            and grid.to_state = counts.to_state
),

-- A state a segment never visited gets the whole population's row, and a state nobody
-- visited ends the session (there is one absorbing state), so that every row of every matrix
-- sums to 1.
baseline as (
    select
        estimated.segment,
        estimated.from_state,
        estimated.to_state,
        estimated.from_state_order,
        estimated.to_state_order,
        estimated.n_transitions,
        coalesce(
            estimated.segment_probability,
            overall.segment_probability,
            case when estimated.to_is_absorbing then 1.0 else 0.0 end
        ) as baseline_probability
    from estimated
    left join estimated as overall
        on
            overall.segment = 'all'
            and estimated.from_state = overall.from_state
            and estimated.to_state = overall.to_state
),

scaled as (
    select
        scenarios.scenario,
        baseline.*,
        baseline.baseline_probability * coalesce(changes.multiplier, 1.0) as scaled_probability,
        changes.mass_to_state,
        baseline.baseline_probability * (1.0 - coalesce(changes.multiplier, 1.0)) as freed_mass
    from scenarios
    cross join baseline
    left join changes
        on
            scenarios.scenario = changes.scenario
            and baseline.from_state = changes.from_state
            and baseline.to_state = changes.to_state
),

moved_mass as (
    select
        scenario,
        segment,
        from_state,
        mass_to_state as to_state,
        {{ exact_sum('freed_mass', scale=30) }} as moved_mass
    from scaled
    where mass_to_state is not null
    group by all
),

changed as (
    select
        scaled.*,
        scaled.scaled_probability + coalesce(moved_mass.moved_mass, 0) as unnormalised
    from scaled
    left join moved_mass
        on
            scaled.scenario = moved_mass.scenario
            and scaled.segment = moved_mass.segment
            and scaled.from_state = moved_mass.from_state
            and scaled.to_state = moved_mass.to_state
),

final as (
    select
        *,
        unnormalised / {{ exact_sum(
            'unnormalised', over='partition by scenario, segment, from_state', scale=30
        ) }} as probability
    from changed
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(from_state as {{ dbt.type_string() }}) as from_state,
    cast(to_state as {{ dbt.type_string() }}) as to_state,
    cast(from_state_order as integer) as from_state_order,
    cast(to_state_order as integer) as to_state_order,
    cast(n_transitions as bigint) as n_transitions,
    cast(baseline_probability as double) as baseline_probability,
    cast(probability as double) as probability
from final
