-- The planted truth. Only models under marts/evaluation may read this model.
with

source as (
    select * from {{ source('ground_truth', 'latent_traits') }}
),

renamed as (
    select
        -- ids
        cast(user_id as bigint) as user_id,

        -- attributes
        cast(trait as {{ dbt.type_string() }}) as trait,

        -- numerics
        cast(latent_score as double) as latent_score

    from source
)

select * from renamed
