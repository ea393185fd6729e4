select
    heatmap.trait,
    traits.trait_label,
    heatmap.band,
    heatmap.day_of_week,
    heatmap.day_name,
    lpad(cast(heatmap.hour_of_day as varchar), 2, '0') as hour,
    heatmap.hour_of_day,
    heatmap.is_late_night_hour,
    heatmap.n_events,
    heatmap.share_of_events
from marts.fct_engagement_heatmap_by_band as heatmap
inner join marts.dim_traits as traits
    on heatmap.trait = traits.trait
