-- The fundamental matrix N = (I - Q)^-1 of each scenario x segment chain, as computed in
-- int_markov__expected_visits (NumPy), typed and published under a contract.
with

expected_visits as (
    select
        scenario,
        segment,
        from_state,
        to_state,
        expected_visits
    from {{ ref('int_markov__expected_visits') }}
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(from_state as {{ dbt.type_string() }}) as from_state,
    cast(to_state as {{ dbt.type_string() }}) as to_state,
    cast(expected_visits as double) as expected_visits
from expected_visits
