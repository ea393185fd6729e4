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
    'dim_world',
    'eval_anomaly_detection', 'eval_experiment_vs_analytic',
    'eval_fairness_group_recovery', 'eval_feature_ablation',
    'eval_learning_curve', 'eval_learning_curve_by_events', 'eval_markov_monte_carlo',
    'eval_panel_size_curve', 'eval_recommender',
    'eval_trait_recovery', 'fct_daily_trends', 'fct_engagement_heatmap',
    'fct_engagement_heatmap_by_band', 'fct_experiment_results',
    'fct_fairness_group_drivers', 'fct_fairness_group_traits',
    'fct_feed_narrowing_by_band',
    'fct_funnel_conversion', 'fct_markov_expected_visits', 'fct_markov_transitions',
    'fct_metric_anomalies', 'fct_persona_profiles', 'fct_persona_shares_weekly',
    'fct_privacy_class_diversity', 'fct_privacy_export_profiles', 'fct_privacy_export_steps',
    'fct_privacy_export_traits', 'fct_privacy_record_risk', 'fct_privacy_summary',
    'fct_privacy_uniqueness_curve', 'fct_quarantine_reasons', 'fct_retention_cohorts',
    'fct_row_reconciliation', 'fct_session_paths', 'fct_sessions', 'fct_trait_bands_weekly',
    'fct_trait_correlations', 'fct_trait_explanations', 'fct_trait_psi_weekly',
    'fct_user_activity_hours', 'fct_user_content_diet', 'fct_user_daily_activity',
    'fct_user_lifecycle', 'fct_user_personas', 'fct_user_recommendations', 'fct_user_traits',
    'fct_user_traits_by_window',
    'fct_user_traits_weekly', 'fct_weekly_trends', 'fct_what_if_outcomes',
    'dim_segments', 'eval_segment_k_selection', 'eval_segment_persona_agreement',
    'fct_segment_persona_crosstab', 'fct_segment_profiles', 'fct_user_segments',
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

-- A personal value P occurs in a mart value M exactly when M's substring at some position i,
-- of P's length, equals P; then M's 3 characters at i equal P's first 3. So each mart value is
-- cut into its 3-character grams, and a hash join on gram = P's first 3 characters finds
-- every candidate (position, personal value) pair: the same leaks as testing every mart value
-- against every personal value with position(), which was a nested loop of (distinct mart
-- values) x (personal values) and the second-slowest node of the build. Personal values
-- shorter than 3 characters (none in the generated worlds) are still tested that way.
mart_grams as (
    select
        mart,
        column_name,
        mart_value,
        unnest(range(1, length(mart_value) - 1)) as gram_at
    from mart_values
),

long_personal_values as (
    select
        kind,
        personal_value,
        substring(personal_value, 1, 3) as first_gram
    from personal_values
    where length(personal_value) >= 3
),

gram_matches as (
    -- distinct: a value that holds P twice is one leak
    select distinct
        mart_grams.mart,
        mart_grams.column_name,
        mart_grams.mart_value,
        long_personal_values.kind,
        long_personal_values.personal_value
    from mart_grams
    inner join long_personal_values
        on
            substring(mart_grams.mart_value, mart_grams.gram_at, 3)
            = long_personal_values.first_gram
    where
        substring(
            mart_grams.mart_value, mart_grams.gram_at, length(long_personal_values.personal_value)
        )
        = long_personal_values.personal_value
),

short_matches as (
    select
        mart_values.mart,
        mart_values.column_name,
        mart_values.mart_value,
        personal_values.kind,
        personal_values.personal_value
    from mart_values
    inner join personal_values
        on position(personal_values.personal_value in mart_values.mart_value) > 0
    where length(personal_values.personal_value) < 3
),

matches as (
    select
        mart,
        column_name,
        mart_value,
        kind,
        personal_value
    from gram_matches
    union all
    select
        mart,
        column_name,
        mart_value,
        kind,
        personal_value
    from short_matches
),

leaks as (
    select
        mart,
        column_name,
        mart_value,
        kind,
        personal_value
    from matches
    -- the k-anonymised export may publish a city as its location (checked for k elsewhere)
    where
        kind != 'city'
        or mart != 'fct_privacy_export_profiles'
        or column_name != 'location'
)

select * from leaks
