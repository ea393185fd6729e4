{#
    The incremental strategy `replace_tail` (incremental_strategy="replace_tail"), for tables
    whose rows follow an entity's numbered sequence, such as a user's sessions:
    unique_key=[entity, position]. For every entity in the new batch, the rows from the
    batch's first position on are replaced: deleted, then the batch is inserted. Rows before
    that position are kept as they are.

    delete+insert by (entity, position) would not do: when a late event bridges two sessions,
    the user has one session fewer than before, and the old last session would stay behind.
    dbt finds the strategy by name (macro get_incremental_<strategy>_sql).
#}
{% macro get_incremental_replace_tail_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set entity = arg_dict['unique_key'][0] -%}
    {%- set position = arg_dict['unique_key'][1] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    using (
        select
            {{ entity }},
            min({{ position }}) as first_position
        from {{ batch }}
        group by {{ entity }}
    ) as batch_tails
    where
        {{ target }}.{{ entity }} = batch_tails.{{ entity }}
        and {{ target }}.{{ position }} >= batch_tails.first_position;

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ batch }}
{%- endmacro %}

{#
    A pre-hook of the incremental models that hold a user's clickstream: in an incremental run,
    deletes the rows of every user flagged as a suspected bot since (the rule counts inhuman
    minutes over all time, so a new load can flag an old account; int_users__event_rates).
    Renders nothing in a full build.
#}
{% macro delete_suspected_bots() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where user_id in (
            select user_id
            from {{ ref('int_users__event_rates') }}
            where is_suspected_bot
        )
    {%- endif -%}
{%- endmacro %}

{#
    A pre-hook of int_user_features__by_window: in an incremental run, deletes the rows of
    every window that no longer exists (a horizon dropped from var('learning_curve_horizon_days')),
    which the model's delete+insert by window cannot reach: no new row names it. Renders
    nothing in a full build.
#}
{% macro delete_dropped_windows() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where window_id not in (
            select window_id
            from {{ ref('int_user_windows__enumerated') }}
        )
    {%- endif -%}
{%- endmacro %}

{#
    The first daily load an incremental run reads again: the newest load the model has read
    (its `load_column`'s maximum) less var('incremental_lookback_days') days, so that a load
    rewritten or landed out of order within the lookback is read again. A
    scalar subquery on {{ this }}, for the incremental branch of a model only.
#}
{% macro first_unread_load(load_column='last_load_date') -%}
    (
        select {{ dbt.dateadd('day', -var('incremental_lookback_days'), 'max(' ~ load_column ~ ')') }}
        from {{ this }}
    )
{%- endmacro %}

{#
    Each user's first session that holds a row delivered in a load an incremental run reads
    (user_id, first_session_number): where a `replace_tail` model of sessions starts
    rebuilding. `relation` has user_id, session_number and last_load_date.
#}
{% macro first_touched_sessions(relation) -%}
    select
        user_id,
        min(session_number) as first_session_number
    from {{ relation }}
    where last_load_date >= {{ first_unread_load() }}
    group by user_id
{%- endmacro %}

{#
    A relation at (user, session) grain restricted, in an incremental run, to each touched
    user's sessions from the first touched one on (the model's `rebuild_points` CTE:
    user_id, first_session_number); the whole relation in a full build.
#}
{% macro from_first_touched_session(relation) -%}
    select {{ relation }}.*
    from {{ relation }}
    {%- if is_incremental() %}
        inner join rebuild_points
            on
                {{ relation }}.user_id = rebuild_points.user_id
                and {{ relation }}.session_number >= rebuild_points.first_session_number
    {%- endif %}
{%- endmacro %}
