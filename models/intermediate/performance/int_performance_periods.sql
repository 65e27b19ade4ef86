-- Every reporting period of every performance entity: the shared periods of
-- int_performance_reporting_periods and since inception (seed performance_periods), with
-- the first calendar day, the last trading day and the anchor, the close the period's return
-- starts from (the last trading day before the period; the entity's first day when the
-- entity is younger than the period, which makes the period partial), the values at the
-- anchor and at the end, and the cumulative TWR index (in logs) at the anchor.
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

entities as (
    select
        entity_type,
        entity_id,
        currency_code,
        return_date as first_date
    from {{ ref('int_performance_entity_days') }}
    where is_first_day
),

entity_periods as (
    select
        entities.entity_type,
        entities.entity_id,
        entities.currency_code,
        shared_periods.period_code,
        shared_periods.period_kind,
        shared_periods.calendar_unit,
        shared_periods.period_start_date,
        shared_periods.period_end_date,
        case
            when shared_periods.anchor_date is null or shared_periods.anchor_date < entities.first_date
                then entities.first_date
            else shared_periods.anchor_date
        end as anchor_date,
        coalesce(shared_periods.anchor_date is null or shared_periods.anchor_date < entities.first_date, false)
            as is_partial_period
    from entities
    inner join shared_periods
        on entities.first_date <= shared_periods.period_end_date
    union all
    select
        entities.entity_type,
        entities.entity_id,
        entities.currency_code,
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        entities.first_date as period_start_date,
        as_of.as_of_date as period_end_date,
        entities.first_date as anchor_date,
        false as is_partial_period
    from entities
    cross join period_definitions
    cross join as_of
    where period_definitions.period_kind = 'since_inception'
),

valuation_dates as (
    -- the days a period can start from or end on: a shared anchor or end, or the as-of date
    -- (an entity's own first day is the other anchor)
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
    where is_first_day or return_date in (select valuation_dates.valuation_date from valuation_dates)
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
