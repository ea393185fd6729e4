select
    cast(n_attributes as double) as n_attributes,
    quasi_identifier_added,
    attributes_used,
    cast(n_profiles as double) as n_profiles,
    cast(n_classes as double) as n_classes,
    cast(k_anonymity as double) as k_anonymity,
    cast(n_sample_uniques as double) as n_sample_uniques,
    share_sample_uniques,
    cast(n_below_k as double) as n_below_k,
    share_below_k
from marts.fct_privacy_uniqueness_curve
