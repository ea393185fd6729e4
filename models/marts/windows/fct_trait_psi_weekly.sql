-- Population stability per trait and week: one row per scoring method per trait per week.
-- PSI = sum over bins of (p_week - p_baseline) x ln(p_week / p_baseline), where p is the
-- share of the week's users in each quantile bin of the baseline week's raw scores
-- (fct_user_traits_weekly.psi_bin). A share is floored at var('drift_psi_min_share') so
-- that an empty bin gives a large, finite term. Reading (vars): below
-- drift_psi_moderate_min (0.1) stable, below drift_psi_significant_min (0.25) moderate
-- shift, else significant shift. The baseline week's PSI is 0.
{%- set n_bins = var('drift_psi_bins') %}

with

-- scores of every method (method is part of the grain; the pages show the hand-set ones)
weekly_traits as (
    select
        method,
        trait,
        week_number,
        week_first_date,
        user_id,
        raw_score,
        psi_bin
    from {{ ref('fct_user_traits_weekly') }}
),

bins as (
    {%- for psi_bin in range(1, n_bins + 1) %}
        select {{ psi_bin }} as psi_bin
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

weeks as (
    select
        method,
        trait,
        week_number,
        week_first_date,
        count(*) as n_users,
        {{ exact_avg('raw_score') }} as mean_raw_score
    from weekly_traits
    group by method, trait, week_number, week_first_date
),

bin_counts as (
    select
        method,
        trait,
        week_number,
        psi_bin,
        count(*) as n_users
    from weekly_traits
    group by method, trait, week_number, psi_bin
),

bin_shares as (
    select
        weeks.method,
        weeks.trait,
        weeks.week_number,
        bins.psi_bin,
        greatest(
            coalesce(bin_counts.n_users, 0) * 1.0 / weeks.n_users,
            {{ var('drift_psi_min_share') }}
        ) as user_share
    from weeks
    cross join bins
    left join bin_counts
        on weeks.method = bin_counts.method
            and weeks.trait = bin_counts.trait
            and weeks.week_number = bin_counts.week_number
            and bins.psi_bin = bin_counts.psi_bin
),

psi_terms as (
    select
        bin_shares.method,
        bin_shares.trait,
        bin_shares.week_number,
        (bin_shares.user_share - baseline.user_share)
        * ln(bin_shares.user_share / baseline.user_share) as psi_term
    from bin_shares
    inner join bin_shares as baseline
        on bin_shares.method = baseline.method
            and bin_shares.trait = baseline.trait
            and bin_shares.psi_bin = baseline.psi_bin
            and baseline.week_number = {{ var('drift_baseline_week') }}
),

psi as (
    select
        method,
        trait,
        week_number,
        {{ exact_sum('psi_term') }} as psi
    from psi_terms
    group by method, trait, week_number
),

baseline_weeks as (
    select
        method,
        trait,
        n_users as n_baseline_users,
        mean_raw_score as baseline_mean_raw_score
    from weeks
    where week_number = {{ var('drift_baseline_week') }}
),

final as (
    select
        weeks.method,
        weeks.trait,
        weeks.week_number,
        weeks.week_first_date,
        weeks.n_users,
        baseline_weeks.n_baseline_users,
        weeks.mean_raw_score - baseline_weeks.baseline_mean_raw_score as mean_raw_score_shift,
        psi.psi,
        case
            when psi.psi < {{ var('drift_psi_moderate_min') }} then 'stable'
            when psi.psi < {{ var('drift_psi_significant_min') }} then 'moderate'
            else 'significant'
        end as stability
    from weeks
    inner join psi
        on weeks.method = psi.method
            and weeks.trait = psi.trait
            and weeks.week_number = psi.week_number
    inner join baseline_weeks
        on weeks.method = baseline_weeks.method
            and weeks.trait = baseline_weeks.trait
)

select
    cast(method as {{ dbt.type_string() }}) as method,  -- noqa: RF04
    cast(trait as {{ dbt.type_string() }}) as trait,
    cast(week_number as integer) as week_number,
    cast(week_first_date as date) as week_first_date,
    cast(n_users as bigint) as n_users,
    cast(n_baseline_users as bigint) as n_baseline_users,
    cast(mean_raw_score_shift as double) as mean_raw_score_shift,
    cast(round(psi, 6) as double) as psi,
    cast(stability as {{ dbt.type_string() }}) as stability
from final
