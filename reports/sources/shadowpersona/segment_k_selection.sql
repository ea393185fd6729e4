-- Every k tried: mean silhouette, inertia, agreement with the personas, and which was chosen
-- (marts.eval_segment_k_selection, marts.eval_segment_persona_agreement). silhouette_reading
-- is Kaufman and Rousseeuw's (1990) rule of thumb for the mean silhouette, so that the
-- page's words follow the figure.
select
    k_selection.n_segments,
    cast(k_selection.n_users as double) as n_users,
    cast(k_selection.n_silhouette_users as double) as n_silhouette_users,
    k_selection.silhouette,
    k_selection.silhouette_rank,
    k_selection.is_chosen,
    k_selection.inertia,
    k_selection.smallest_segment_share,
    agreement.adjusted_rand_index,
    agreement.normalised_mutual_information,
    case
        when k_selection.silhouette > 0.70 then 'strong structure'
        when k_selection.silhouette > 0.50 then 'reasonable structure'
        when k_selection.silhouette > 0.25 then 'weak structure, which could be artificial'
        else 'no substantial structure'
    end as silhouette_reading,
    case when k_selection.is_chosen then 'chosen' else 'tried' end as k_status
from marts.eval_segment_k_selection as k_selection
left join marts.eval_segment_persona_agreement as agreement
    on k_selection.n_segments = agreement.n_segments
order by k_selection.n_segments
