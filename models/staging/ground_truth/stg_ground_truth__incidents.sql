-- The planted incidents. Only evaluation marts may read this model: the detector must find
-- the incidents from the behaviour alone.
with

source as (
    select * from {{ source('ground_truth', 'incidents') }}
),

renamed as (
    select
        -- ids
        cast(incident_id as bigint) as incident_id,

        -- attributes
        cast(incident_type as {{ dbt.type_string() }}) as incident_type,

        -- dates
        cast(incident_date as date) as incident_date,

        -- timestamps
        cast(started_at as timestamp) as started_at,
        cast(ended_at as timestamp) as ended_at

    from source
)

select * from renamed
