-- Every spell of an asset-class weight outside its tolerance band (fct_allocation_drift):
-- consecutive month-ends out of band in the same direction make one breach, from the first
-- month-end seen outside to the last; a breach still open on the as-of date is where the
-- portfolio stands now, since its first month-end.
with drifts as (
    select
        portfolio_id,
        allocation_date,
        asset_class_code,
        is_latest,
        is_outside_band,
        drift,
        band_excess,
        amount_to_target,
        case when band_excess > 0 then 'overweight' else 'underweight' end as direction
    from {{ ref('fct_allocation_drift') }}
),

numbered as (
    -- month-ends of each portfolio and class in order, then among the ones out of band in each
    -- direction: a breach is a run where both counters step together
    select
        *,
        row_number() over (partition by portfolio_id, asset_class_code order by allocation_date) as date_number
    from drifts
),

outside as (
    select
        *,
        date_number
        - row_number() over (
            partition by portfolio_id, asset_class_code, direction order by allocation_date
        ) as spell_number
    from numbered
    where is_outside_band
),

spells as (
    select
        portfolio_id,
        asset_class_code,
        direction,
        spell_number,
        min(allocation_date) as breach_start_date,
        max(allocation_date) as breach_end_date,
        count(*) as month_ends_outside,
        max(abs(band_excess)) as max_band_excess,
        max(abs(drift)) as max_abs_drift,
        max(case when is_latest then 1 else 0 end) = 1 as is_open
    from outside
    group by portfolio_id, asset_class_code, direction, spell_number
),

latest as (
    select
        portfolio_id,
        asset_class_code,
        drift,
        band_excess,
        amount_to_target
    from drifts
    where is_latest
)

select
    cast(spells.portfolio_id as bigint) as portfolio_id,
    cast(spells.asset_class_code as string) as asset_class_code,
    cast(spells.breach_start_date as date) as breach_start_date,
    cast(spells.breach_end_date as date) as breach_end_date,
    cast(spells.direction as string) as direction,
    cast(spells.month_ends_outside as int) as month_ends_outside,
    cast(spells.max_band_excess as double) as max_band_excess,
    cast(spells.max_abs_drift as double) as max_abs_drift,
    cast(spells.is_open as boolean) as is_open,
    cast(case when spells.is_open then latest.drift end as double) as current_drift,
    cast(case when spells.is_open then latest.band_excess end as double) as current_band_excess,
    cast(case when spells.is_open then latest.amount_to_target end as double) as current_amount_to_target
from spells
left join latest
    on
        spells.portfolio_id = latest.portfolio_id
        and spells.asset_class_code = latest.asset_class_code
