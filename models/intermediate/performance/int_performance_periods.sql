-- Every reporting period of every performance entity: the shared periods of
-- int_performance_reporting_periods and since inception (seed performance_periods), with
-- the first calendar day, the last trading day and the anchor, the close the period's return
-- starts from (the last trading day before the period; the entity's first day when the
-- entity is younger than the period, which makes the period partial), the values at the
-- anchor and at the end, and the cumulative TWR index (in logs) at the anchor.
-- An entity is measured only over its runs of consecutive days (int_performance_entity_days):
-- a period in which an advisor's book breaks off ends at the book's last day, one in which it
-- starts again anchors at its new first day (both partial), and a period in which the book
-- has no day after the anchor has no row.
with trading_days as (
    select trading_date
    from {{ ref('int_trading_days') }}
),

as_of as (
    select max(trading_date) as as_of_date
    from trading_days
),

period_definitions as (
    select
        period_code,
        period_kind,
        calendar_unit
    from {{ ref('performance_periods') }}
),

shared_periods as (
    select *
    from {{ ref('int_performance_reporting_periods') }}
),

entity_spell_bounds as (
    -- the first and last days of each entity's runs of consecutive trading days, in order, so
    -- that a run's last day is its own first day or the next bound
    select
        entity_type,
        entity_id,
        currency_code,
        return_date,
        is_spell_start,
        case
            when is_spell_end then return_date
            else lead(return_date) over (partition by entity_type, entity_id order by return_date)
        end as spell_end_date
    from {{ ref('int_performance_entity_days') }}
    where is_spell_start or is_spell_end
),

entity_spells as (
    -- one row per run (portfolios, households and the firm have one; an advisor's book has
    -- one more each time it gains clients after a time without any)
    select
        entity_type,
        entity_id,
        currency_code,
        return_date as spell_start_date,
        spell_end_date,
        min(return_date) over (partition by entity_type, entity_id) as first_date,
        count(*) over (partition by entity_type, entity_id) as entity_spell_count
    from entity_spell_bounds
    where is_spell_start
),

spell_periods as (
    -- each run with the shared periods it has days in: it starts by the period's end and
    -- lasts past its anchor (a run that ends on the anchor has no day in the period) ...
    select
        entity_spells.*,
        shared_periods.period_code,
        shared_periods.period_kind,
        shared_periods.calendar_unit,
        shared_periods.period_start_date,
        shared_periods.period_end_date,
        shared_periods.anchor_date as natural_anchor_date
    from entity_spells
    inner join shared_periods
        on
            entity_spells.spell_start_date <= shared_periods.period_end_date
            and (shared_periods.anchor_date is null or entity_spells.spell_end_date > shared_periods.anchor_date)
    union all
    -- ... and with the entity's since-inception period, anchored at its first day
    select
        entity_spells.*,
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        entity_spells.first_date as period_start_date,
        as_of.as_of_date as period_end_date,
        entity_spells.first_date as natural_anchor_date
    from entity_spells
    cross join period_definitions
    cross join as_of
    where period_definitions.period_kind = 'since_inception'
),

{%- set period_columns = [
    'entity_type', 'entity_id', 'currency_code', 'period_code', 'period_kind', 'calendar_unit',
    'period_start_date', 'period_end_date', 'natural_anchor_date',
] %}

entity_period_spans as (
    -- the days a period is measured over: from the natural anchor when a run holds it, else
    -- from the first run that starts inside the period (its first day is the anchor, as an
    -- entity's first day is); up to the period's end, or the last run's end when that is
    -- earlier. An entity of one run needs no aggregate.
    select
        {{ period_columns | join(',\n        ') }},
        spell_start_date as first_spell_start_date,
        spell_end_date as last_spell_end_date
    from spell_periods
    where entity_spell_count = 1
    union all
    select
        {{ period_columns | join(',\n        ') }},
        min(spell_start_date) as first_spell_start_date,
        max(spell_end_date) as last_spell_end_date
    from spell_periods
    where entity_spell_count > 1
    group by
        {{ period_columns | join(',\n        ') }}
),

entity_periods as (
    select
        entity_type,
        entity_id,
        currency_code,
        period_code,
        period_kind,
        calendar_unit,
        period_start_date,
        case
            when last_spell_end_date < period_end_date then last_spell_end_date else period_end_date
        end as period_end_date,
        case
            when natural_anchor_date is null or first_spell_start_date > natural_anchor_date
                then first_spell_start_date
            else natural_anchor_date
        end as anchor_date,
        coalesce(
            natural_anchor_date is null
            or first_spell_start_date > natural_anchor_date
            or last_spell_end_date < period_end_date,
            false
        ) as is_partial_period
    from entity_period_spans
),

valuation_dates as (
    -- the days a period can start from or end on: a shared anchor or end, or the as-of date
    -- (the first and last days of an entity's runs are the others)
    select anchor_date as valuation_date
    from shared_periods
    where anchor_date is not null
    union
    select period_end_date as valuation_date
    from shared_periods
    union
    select as_of_date as valuation_date
    from as_of
),

entity_days as (
    -- only the days periods are valued on, so the joins below probe a few rows per entity
    select
        entity_type,
        entity_id,
        return_date,
        market_value,
        log_wealth
    from {{ ref('int_performance_entity_days') }}
    where
        is_spell_start
        or is_spell_end
        or return_date in (select valuation_dates.valuation_date from valuation_dates)
),

valued_periods as (
    -- left joins (every period has both days: tested not null) keep the planner from joining
    -- the anchors to the ends first
    select
        entity_periods.*,
        anchors.market_value as start_value,
        anchors.log_wealth as anchor_log_wealth,
        ends.market_value as end_value
    from entity_periods
    left join entity_days as anchors
        on
            entity_periods.entity_type = anchors.entity_type
            and entity_periods.entity_id = anchors.entity_id
            and entity_periods.anchor_date = anchors.return_date
    left join entity_days as ends
        on
            entity_periods.entity_type = ends.entity_type
            and entity_periods.entity_id = ends.entity_id
            and entity_periods.period_end_date = ends.return_date
)

select
    cast(row_number() over (order by entity_type, entity_id, period_code, period_start_date) as bigint) as period_key,
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(currency_code as string) as currency_code,
    cast(period_code as string) as period_code,
    cast(period_kind as string) as period_kind,
    cast(calendar_unit as string) as calendar_unit,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date,
    cast(is_partial_period as boolean) as is_partial_period,
    cast(start_value as double) as start_value,
    cast(end_value as double) as end_value,
    cast(anchor_log_wealth as double) as anchor_log_wealth
from valued_periods
