-- The quarantine: every distinct raw row that failed a data-quality check, with the check it
-- failed first. Rows are kept here, not dropped, so that every raw row is accounted for
-- (marts.fct_row_reconciliation) and a fault can be traced back to its raw values.
-- The loop over whole CTEs must not indent them (sqlfluff):
-- sqlfluff:indentation:template_blocks_indent:false
--
-- Each raw table's rejected rows take the same shape; the list below says, per table, which
-- validation model holds them, what identifies a row, and the columns raw_values lists (as
-- they arrived, `name=value` separated by spaces, `null` for a null). A malformed text value
-- may be personal data typed into the wrong field (an email as country_code): the free-text
-- columns show a value longer than a code, or holding an @, by its length only.
{%- set text_type = dbt.type_string() %}
{#- The survey's row key: one answer per user and trait. #}
{%- set tables = [
    {
        'name': 'events', 'model': 'int_events__validated',
        'row_key': 'cast(event_id as ' ~ text_type ~ ')',
        'columns': ['event_id', 'user_id', 'event_type', 'content_id', 'notification_id',
                    'feed_position', 'dwell_ms', 'event_at', 'received_at'],
    },
    {
        'name': 'content', 'model': 'int_content__validated',
        'row_key': 'cast(content_id as ' ~ text_type ~ ')', 'user_id': 'cast(null as bigint)',
        'columns': ['content_id', 'category', 'outrage_score', 'sentiment_score',
                    'published_at'],
    },
    {
        'name': 'users', 'model': 'int_users__validated',
        'row_key': 'cast(user_id as ' ~ text_type ~ ')', 'n_copies': '1',
        'columns': ['user_id', 'age', 'gender', 'country_code', 'device_os',
                    'utc_offset_minutes', 'signed_up_at'],
        'free_text': ['gender', 'country_code', 'device_os'],
    },
    {
        'name': 'notifications', 'model': 'int_notifications__validated',
        'row_key': 'cast(notification_id as ' ~ text_type ~ ')',
        'columns': ['notification_id', 'user_id', 'notification_type', 'sent_at', 'opened_at'],
    },
    {
        'name': 'ad_impressions', 'model': 'int_ad_impressions__validated',
        'row_key': 'cast(ad_impression_id as ' ~ text_type ~ ')',
        'columns': ['ad_impression_id', 'user_id', 'ad_id', 'shown_at', 'clicked_at'],
    },
    {
        'name': 'survey_responses', 'model': 'int_survey_responses__validated',
        'row_key': "coalesce(cast(user_id as " ~ text_type ~ "), 'null') || ':'"
                   ~ " || coalesce(trait, 'null')",
        'columns': ['user_id', 'trait', 'self_report_score', 'responded_at'],
    },
] %}
with
{% for table in tables %}
rejected_{{ table.name }} as (
    select * from {{ ref(table.model) }}
    where rejection_reason is not null
),

{{ table.name }}_described as (
    select
        '{{ table.name }}' as source_table,
        {{ table.row_key }} as row_key,
        {{ table.get('user_id', 'user_id') }} as user_id,
        rejection_reason,
        {{ table.get('n_copies', 'n_copies') }} as n_copies,
        {%- for column in table.columns %}
        {{ "|| ' " if not loop.first else "'" }}{{ column }}='  -- noqa: LT05
        {%- if column in table.get('free_text', []) %}
        || case
            when {{ column }} is null then 'null'
            when length({{ column }}) <= 12 and {{ column }} not like '%@%'
                then {{ column }}
            else '<' || cast(length({{ column }}) as {{ text_type }}) || ' characters>'
        end
        {%- else %}
        || coalesce(cast({{ column }} as {{ text_type }}), 'null')
        {%- endif %}
        {%- endfor %}
            as raw_values
    from rejected_{{ table.name }}
),
{% endfor %}
quarantined as (
    {%- for table in tables %}
    select * from {{ table.name }}_described
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
)

select * from quarantined
