-- Per dataset and trait: the fewest distinct bands in any class (l) and the share of
-- profiles in classes where everyone has the same band.
select
    diversity.dataset,
    -- The dataset in words, for the page.
    case diversity.dataset
        when 'full_precision' then 'Full precision'
        when 'k_anonymised_export' then 'k-anonymised export'
        else dataset
    end as dataset_label,
    diversity.trait,
    traits.trait_label,
    cast(min(diversity.n_distinct_bands) as double) as l_diversity,
    sum(case when diversity.is_homogeneous then diversity.class_size else 0 end) * 1.0
    / sum(diversity.class_size) as share_in_homogeneous_classes
from marts.fct_privacy_class_diversity as diversity
inner join marts.dim_traits as traits
    on diversity.trait = traits.trait
group by all
