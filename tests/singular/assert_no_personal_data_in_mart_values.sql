{{ config(enabled=target.type != 'spark') }}
-- No mart may publish personal data by value: no text value of any mart equals or contains
-- the full name, handle, email or city of any raw user (quarantined ones too), nor a city in
-- the "Lyon (FR)" form the privacy audit writes. assert_no_pii_in_marts reads column names
-- only; an email typed into country_code passed it and reached dim_users and the fairness
-- marts. The one allowed city: the `location` of fct_privacy_export_profiles, which is a
-- city where at least var('privacy_k') published profiles share the row's quasi-identifiers
-- (assert_city_published_only_in_k_anonymous_classes checks k). Returns each leaked value
-- with where it was found. (Off on Spark, which builds only some of these marts.)
--
-- Every mart is listed here, so that this test runs after all of them; the text columns are
-- read from their contracts. A new mart that is not listed makes dbt stop with "unable to
-- infer all dependencies": add it to the list.
{%- set marts = [
    'dim_personas', 'dim_scoring_weights', 'dim_suspected_bots', 'dim_traits', 'dim_users',
    'eval_anomaly_detection', 'eval_fairness_group_recovery', 'eval_feature_ablation',
    'eval_learning_curve', 'eval_learning_curve_by_events', 'eval_markov_monte_carlo',
    'eval_panel_size_curve',
    'eval_trait_recovery', 'fct_daily_trends', 'fct_engagement_heatmap',
    'fct_engagement_heatmap_by_band', 'fct_fairness_group_drivers', 'fct_fairness_group_traits',
    'fct_funnel_conversion', 'fct_markov_expected_visits', 'fct_markov_transitions',
    'fct_metric_anomalies', 'fct_persona_profiles', 'fct_persona_shares_weekly',
    'fct_privacy_class_diversity', 'fct_privacy_export_profiles', 'fct_privacy_export_steps',
    'fct_privacy_export_traits', 'fct_privacy_record_risk', 'fct_privacy_summary',
    'fct_privacy_uniqueness_curve', 'fct_quarantine_reasons', 'fct_retention_cohorts',
    'fct_row_reconciliation', 'fct_session_paths', 'fct_sessions', 'fct_trait_bands_weekly',
    'fct_trait_correlations', 'fct_trait_explanations', 'fct_trait_psi_weekly',
    'fct_user_activity_hours', 'fct_user_content_diet', 'fct_user_daily_activity',
    'fct_user_lifecycle', 'fct_user_personas', 'fct_user_traits', 'fct_user_traits_by_window',
    'fct_user_traits_weekly', 'fct_weekly_trends', 'fct_what_if_outcomes',
] -%}
{%- for mart in marts %}
-- depends_on: {{ ref(mart) }}
{%- endfor %}
{%- set text_columns = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.schema == 'marts' -%}
        {%- for column in node.columns.values() if column.data_type == 'string' -%}
            {%- do text_columns.append((node.name, column.name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}
with

raw_users as (
    select
        full_name,
        handle,
        email,
        city,
        country_code
    from {{ source('platform', 'users') }}
),

personal_values as (
    select distinct
        kind,
        personal_value
    from (
        select
            'full_name' as kind,
            full_name as personal_value
        from raw_users
        union all
        select
            'handle' as kind,
            handle as personal_value
        from raw_users
        union all
        select
            'email' as kind,
            email as personal_value
        from raw_users
        union all
        select
            'city' as kind,
            city as personal_value
        from raw_users
        union all
        select
            'city' as kind,
            city || ' (' || country_code || ')' as personal_value
        from raw_users
    ) as every_value
    where personal_value is not null and personal_value != ''
),

mart_values as (
    -- Each distinct text value once per column (most columns hold few distinct values).
    -- sqlfluff renders the loop once per mart and misreads its indentation:
    -- noqa: disable=LT02
    {%- for mart, column in text_columns | sort %}
    select distinct
        '{{ mart }}' as mart,
        '{{ column }}' as column_name,
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as mart_value
    from {{ ref(mart) }}
    where {{ adapter.quote(column) }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    -- noqa: enable=LT02
),

leaks as (
    select
        mart_values.mart,
        mart_values.column_name,
        mart_values.mart_value,
        personal_values.kind,
        personal_values.personal_value
    from mart_values
    inner join personal_values
        on {{ dbt.position('personal_values.personal_value', 'mart_values.mart_value') }} > 0
    -- the k-anonymised export may publish a city as its location (checked for k elsewhere)
    where
        personal_values.kind != 'city'
        or mart_values.mart != 'fct_privacy_export_profiles'
        or mart_values.column_name != 'location'
)

select * from leaks
