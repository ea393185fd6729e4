select
    narrowing.trait,
    traits.trait_label,
    narrowing.band,
    narrowing.band_order,
    traits.trait_label || ': ' || narrowing.band as trait_band,
    cast(narrowing.n_users as double) as n_users,
    narrowing.hybrid_mean_outrage_score,
    narrowing.popularity_mean_outrage_score,
    narrowing.outrage_score_difference,
    narrowing.hybrid_high_outrage_share,
    narrowing.popularity_high_outrage_share,
    narrowing.high_outrage_share_difference,
    narrowing.hybrid_top_category_share,
    narrowing.popularity_top_category_share,
    narrowing.top_category_share_difference,
    narrowing.hybrid_mean_categories,
    narrowing.popularity_mean_categories
from marts.fct_feed_narrowing_by_band as narrowing
inner join marts.dim_traits as traits
    on narrowing.trait = traits.trait
