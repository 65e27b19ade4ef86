-- Seed 000's PORTFOLIO entity on the as-of date, under its own column names: the input fields
-- of the portfolio and the derived ones (total value, return since inception, and the sector
-- and geographic allocation of its holdings, cash included, as JSON objects of weights).
with latest as (
    select
        portfolio_id,
        market_value,
        cash_balance
    from {{ ref('fct_portfolio_valuation_daily') }}
    where valuation_date = (select max(days.trading_date) from {{ ref('int_trading_days') }} as days)
),

returns as (
    select
        portfolio_id,
        exp(sum(ln(1 + daily_return))) - 1 as return_since_inception
    from {{ ref('fct_portfolio_returns_daily') }}
    where daily_return is not null
    group by portfolio_id
),

weights as (
    select
        holdings.portfolio_id,
        securities.sector_code,
        securities.region_code,
        holdings.market_value / latest.market_value as weight
    from {{ ref('fct_holdings') }} as holdings
    inner join {{ ref('dim_securities') }} as securities
        on holdings.security_id = securities.security_id
    inner join latest
        on holdings.portfolio_id = latest.portfolio_id
    union all
    select
        portfolio_id,
        'cash' as sector_code,
        'cash' as region_code,
        cast(cash_balance as double) / market_value as weight
    from latest
),

by_sector as (
    select
        portfolio_id,
        sector_code,
        cast(cast(round(sum(weight), 4) as decimal(10, 4)) as string) as weight_text
    from weights
    group by portfolio_id, sector_code
),

by_region as (
    select
        portfolio_id,
        region_code,
        cast(cast(round(sum(weight), 4) as decimal(10, 4)) as string) as weight_text
    from weights
    group by portfolio_id, region_code
),

sector_allocations as (
    select
        portfolio_id,
        {{ json_object_agg('sector_code', 'weight_text') }} as sector_allocation
    from by_sector
    group by portfolio_id
),

geographic_allocations as (
    select
        portfolio_id,
        {{ json_object_agg('region_code', 'weight_text') }} as geographic_allocation
    from by_region
    group by portfolio_id
)

select
    cast(portfolios.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(latest.market_value as double) as total_value,
    cast(portfolios.last_rebalance_date as date) as last_rebalance,
    cast(portfolios.strategy_code as string) as strategy_type,
    cast(portfolios.target_return as double) as target_return,
    cast(returns.return_since_inception as double) as current_return,
    cast(portfolios.risk_score as double) as risk_score,
    cast(portfolios.esg_preferences as string) as esg_preferences,
    cast(sector_allocations.sector_allocation as string) as sector_allocation,
    cast(geographic_allocations.geographic_allocation as string) as geographic_allocation
from {{ ref('stg_portfolios') }} as portfolios
inner join latest
    on portfolios.portfolio_id = latest.portfolio_id
left join returns
    on portfolios.portfolio_id = returns.portfolio_id
left join sector_allocations
    on portfolios.portfolio_id = sector_allocations.portfolio_id
left join geographic_allocations
    on portfolios.portfolio_id = geographic_allocations.portfolio_id
