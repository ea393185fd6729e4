-- The simulated A/B experiments of the what-if changes, beside the analytic what-if effect:
-- one row per change x segment ('all' and each persona) x outcome. The arms' statistics,
-- Welch's interval and p-value come from int_experiment__effects; this adds the analytic
-- effect, whether it lies in the interval, and the users per arm needed to detect it.
--
-- The analytic effect of a persona is its own chain's (fct_what_if_outcomes). For 'all' it is
-- the mix of the persona effects weighted by their users, because that is what the experiment
-- simulates (each user walks their persona's chain, each user counts once). The pooled chain
-- of everyone's sessions weighs users by their sessions and changes non-linearly, so its
-- effect differs; it is kept beside it for comparison (pooled_chain_effect).
with

effects as (
    select
        scenario,
        segment,
        outcome,
        n_sessions_per_user,
        n_users_control,
        n_users_treatment,
        mean_control,
        mean_treatment,
        sd_control,
        sd_treatment,
        difference,
        standard_error,
        welch_df,
        t_statistic,
        p_value,
        confidence_level,
        ci_low,
        ci_high,
        power_z_sum
    from {{ ref('int_experiment__effects') }}
),

what_if_outcomes as (
    select
        scenario,
        segment,
        outcome,
        outcome_label,
        outcome_order,
        absolute_change
    from {{ ref('fct_what_if_outcomes') }}
),

user_personas as (
    select
        user_id,
        persona
    from {{ ref('fct_user_personas') }}
),

scenarios as (
    select
        scenario,
        scenario_label,
        scenario_order
    from {{ ref('what_if_scenarios') }}
),

personas as (
    select
        persona,
        persona_label
    from {{ ref('personas') }}
),

persona_sizes as (
    select
        persona,
        count(*) as n_users
    from user_personas
    group by all
),

persona_mix as (
    select
        what_if_outcomes.scenario,
        'all' as segment,
        what_if_outcomes.outcome,
        sum(persona_sizes.n_users * what_if_outcomes.absolute_change)
        / sum(persona_sizes.n_users) as analytic_effect
    from what_if_outcomes
    inner join persona_sizes
        on what_if_outcomes.segment = persona_sizes.persona
    group by all
),

compared as (
    select
        effects.*,
        scenarios.scenario_label,
        scenarios.scenario_order,
        coalesce(personas.persona_label, 'Everyone') as segment_label,
        what_if_outcomes.outcome_label,
        what_if_outcomes.outcome_order,
        coalesce(persona_mix.analytic_effect, what_if_outcomes.absolute_change)
            as analytic_effect,
        what_if_outcomes.absolute_change as pooled_chain_effect
    from effects
    inner join scenarios
        on effects.scenario = scenarios.scenario
    inner join what_if_outcomes
        on
            effects.scenario = what_if_outcomes.scenario
            and effects.segment = what_if_outcomes.segment
            and effects.outcome = what_if_outcomes.outcome
    left join persona_mix
        on
            effects.scenario = persona_mix.scenario
            and effects.segment = persona_mix.segment
            and effects.outcome = persona_mix.outcome
    left join personas
        on effects.segment = personas.persona
),

final as (
    select
        *,
        100.0 * difference / nullif(mean_control, 0) as relative_difference_pct,
        p_value < 1 - confidence_level as is_significant,
        -- The matrix algebra leaves round-off of about 1e-14 where a change does nothing.
        abs(analytic_effect) > 1e-9 as has_analytic_effect,
        analytic_effect between ci_low and ci_high as is_analytic_in_ci,
        power_z_sum * standard_error as minimum_detectable_effect,
        -- n per arm = (z(1 - alpha/2) + z(power))^2 (s_c^2 + s_t^2) / effect^2: the normal
        -- approximation, with the arms' observed standard deviations. A double, not a
        -- bigint: an effect just above round-off needs more users than 64 bits count. At
        -- least two: the analysis needs a variance in each arm (and a small persona whose
        -- users all had the same outcome has a spread of 0, which the formula reads as 0).
        case
            when abs(analytic_effect) > 1e-9
                then greatest(
                        2,
                        ceil(
                            power_z_sum * power_z_sum
                            * (sd_control * sd_control + sd_treatment * sd_treatment)
                            / (analytic_effect * analytic_effect)
                        )
                    )
        end as n_users_per_arm_needed
    from compared
)

select
    cast(scenario as {{ dbt.type_string() }}) as scenario,
    cast(scenario_label as {{ dbt.type_string() }}) as scenario_label,
    cast(scenario_order as integer) as scenario_order,
    cast(segment as {{ dbt.type_string() }}) as segment,
    cast(segment_label as {{ dbt.type_string() }}) as segment_label,
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(outcome_label as {{ dbt.type_string() }}) as outcome_label,
    cast(outcome_order as integer) as outcome_order,
    cast(n_sessions_per_user as integer) as n_sessions_per_user,
    cast(n_users_control as bigint) as n_users_control,
    cast(n_users_treatment as bigint) as n_users_treatment,
    cast(mean_control as double) as mean_control,
    cast(mean_treatment as double) as mean_treatment,
    cast(sd_control as double) as sd_control,
    cast(sd_treatment as double) as sd_treatment,
    cast(difference as double) as difference,
    cast(relative_difference_pct as double) as relative_difference_pct,
    cast(standard_error as double) as standard_error,
    cast(welch_df as double) as welch_df,
    cast(t_statistic as double) as t_statistic,
    cast(p_value as double) as p_value,
    cast(is_significant as boolean) as is_significant,
    cast(confidence_level as double) as confidence_level,
    cast(ci_low as double) as ci_low,
    cast(ci_high as double) as ci_high,
    cast(analytic_effect as double) as analytic_effect,
    cast(pooled_chain_effect as double) as pooled_chain_effect,
    cast(has_analytic_effect as boolean) as has_analytic_effect,
    cast(is_analytic_in_ci as boolean) as is_analytic_in_ci,
    cast(minimum_detectable_effect as double) as minimum_detectable_effect,
    cast(n_users_per_arm_needed as double) as n_users_per_arm_needed
from final
