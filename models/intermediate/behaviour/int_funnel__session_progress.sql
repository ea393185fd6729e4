{{ config(
    materialized="table" if target.type == "spark" else "incremental",
    incremental_strategy="replace_tail",
    unique_key=["user_id", "session_number"],
    on_schema_change="fail",
    pre_hook="{{ delete_suspected_bots() }}",
) }}
-- On Spark a plain table, rebuilt whole: its Parquet tables have no delete.
-- The if/else around whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
-- The pre-hook's reference, which dbt cannot see inside a hook:
-- depends_on: {{ ref('int_users__event_rates') }}
--
-- How far each session got in each session funnel (seeds/funnel_steps): the steps logic is
-- macros/funnel_progress.sql, shared with int_funnel__notification_progress.
--
-- Incremental (strategy replace_tail, macros/incremental_replace_tail.sql): a run rebuilds
-- each user's rows from the first session holding a newly delivered event, reading the
-- milestones int_funnel__session_milestones rebuilt from there.
with

all_milestones as (
    select
        session_id as entity_id,
        user_id,
        session_number,
        milestone,
        reached_at,
        duration_s,
        last_load_date
    from {{ ref('int_funnel__session_milestones') }}
),

{% if is_incremental() %}
rebuild_points as (
    {{ first_touched_sessions('all_milestones') }}
),
{% endif %}

milestones as (
    {{ from_first_touched_session('all_milestones') }}
),

{{ funnel_progress('milestones', 'session', carried=['session_number', 'last_load_date']) }},

final as (
    select
        funnel,
        entity_id as session_id,
        user_id,
        session_number,
        step_number,
        reached_at,
        is_converted,
        last_load_date
    from funnel_progress
)

select * from final
