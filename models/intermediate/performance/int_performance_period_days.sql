{{ config(materialized='view') }}
-- Every day of every entity's reporting periods: the days after the period's anchor up to
-- its last trading day, keyed by the period's period_key (see the days_in_periods macro).
-- A view: its consumers stream it (a table would hold every day
-- three and a half times over).
with entity_days as (
    select
        *,
        {{ with_calendar_starts('return_date') }}
    from {{ ref('int_performance_entity_days') }}
),

periods as (
    select *
    from {{ ref('int_performance_periods') }}
),

period_days as (
    {{ days_in_periods('entity_days', 'periods') }}
)

select
    cast(period_key as bigint) as period_key,
    cast(return_date as date) as return_date,
    market_value,
    net_external_flow,
    net_transfer_flow,
    daily_return,
    benchmark_return,
    risk_free_return,
    log_wealth,
    anchor_log_wealth
from period_days
