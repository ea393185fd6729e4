select
    dataset,
    cast(n_profiles_in as double) as n_profiles_in,
    cast(n_profiles as double) as n_profiles,
    cast(n_classes as double) as n_classes,
    cast(privacy_k as double) as privacy_k,
    cast(k_anonymity as double) as k_anonymity,
    cast(n_below_k as double) as n_below_k,
    share_below_k,
    cast(n_sample_uniques as double) as n_sample_uniques,
    share_sample_uniques,
    max_prosecutor_risk,
    avg_prosecutor_risk,
    cast(l_diversity as double) as l_diversity,
    cast(n_published_unchanged as double) as n_published_unchanged,
    cast(n_generalised as double) as n_generalised,
    cast(n_suppressed as double) as n_suppressed
from marts.fct_privacy_summary
