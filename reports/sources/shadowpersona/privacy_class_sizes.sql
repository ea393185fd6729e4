-- Profiles by the size of their equivalence class, in buckets, per dataset.
select
    dataset,
    -- The dataset in words, for the page.
    case dataset
        when 'full_precision' then 'Full precision'
        when 'k_anonymised_export' then 'k-anonymised export'
        else dataset
    end as dataset_label,
    case
        when class_size >= 10 then '10 or more'
        when class_size >= 5 then '5-9'
        else cast(class_size as varchar)
    end as class_size_bucket,
    cast(min(class_size) as double) as bucket_order,
    cast(count(*) as double) as n_profiles
from marts.fct_privacy_record_risk
group by all
