-- Stress tests (StressTests): the curated scenarios of seed stress_scenarios applied to the
-- positions held on the as-of date through their factor exposures - equities and alternatives
-- move by their sector's shock (seed stress_sector_shocks) or their asset class's, bonds by
-- -duration x (rate shock, plus the credit spread shock for corporate bonds), cash not at
-- all, and every position held in a currency other than the portfolio's base currency by the
-- scenario's dollar move. One row per scenario and portfolio (base currency) and per scenario
-- and client (all its portfolios, in US dollars); a portfolio breaches when its stressed loss
-- is deeper than its client's risk profile's max_drawdown.
with scenarios as (
    select *
    from {{ ref('stress_scenarios') }}
),

positions as (
    select
        holdings.portfolio_id,
        holdings.market_value,
        securities.asset_class_code,
        securities.sector_code,
        securities.currency_code,
        portfolios.base_currency_code,
        coalesce(master.duration_years, 0) as duration_years
    from {{ ref('fct_holdings') }} as holdings
    inner join {{ ref('dim_securities') }} as securities
        on holdings.security_id = securities.security_id
    inner join {{ ref('stg_securities') }} as master
        on holdings.security_id = master.security_id
    inner join {{ ref('dim_portfolios') }} as portfolios
        on holdings.portfolio_id = portfolios.portfolio_id
),

shocked_positions as (
    select
        positions.portfolio_id,
        scenarios.scenario_code,
        positions.market_value,
        positions.market_value
        * (
            1 + case
                when positions.asset_class_code = 'equity'
                    then coalesce(sector_shocks.shock, scenarios.equity_shock)
                when positions.asset_class_code = 'alternatives'
                    then coalesce(sector_shocks.shock, scenarios.alternatives_shock)
                when positions.asset_class_code = 'fixed_income'
                    then -positions.duration_years * (
                            scenarios.rate_shock
                            + case
                                when positions.sector_code = 'corporate' then scenarios.credit_spread_shock else 0
                            end
                        )
                else coalesce(sector_shocks.shock, 0)
            end
        )
        * case
            when positions.currency_code = positions.base_currency_code then 1
            when positions.currency_code = 'USD' then 1 + scenarios.usd_shock
            when positions.base_currency_code = 'USD' then 1 / (1 + scenarios.usd_shock)
            else 1
        end as stressed_value
    from positions
    cross join scenarios
    left join {{ ref('stress_sector_shocks') }} as sector_shocks
        on
            scenarios.scenario_code = sector_shocks.scenario_code
            and positions.sector_code = sector_shocks.sector_code
),

portfolio_stress as (
    select
        portfolio_id,
        scenario_code,
        sum(stressed_value - market_value) as securities_change
    from shocked_positions
    group by portfolio_id, scenario_code
),

as_of_values as (
    select
        valuations.portfolio_id,
        valuations.base_currency_code,
        valuations.market_value,
        fx.usd_per_unit
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join {{ ref('int_trading_days') }} as days
        on valuations.valuation_date = days.trading_date
    inner join {{ ref('stg_fx_rates') }} as fx
        on
            valuations.base_currency_code = fx.currency_code
            and valuations.valuation_date = fx.rate_date
    where days.is_last_day and valuations.market_value > 0
),

portfolio_results as (
    select
        'portfolio' as entity_type,
        scenarios.scenario_code,
        as_of_values.portfolio_id,
        portfolios.client_id,
        as_of_values.base_currency_code as currency_code,
        as_of_values.market_value,
        as_of_values.market_value + coalesce(portfolio_stress.securities_change, 0) as stressed_value,
        as_of_values.usd_per_unit,
        profiles.max_drawdown as max_acceptable_loss
    from as_of_values
    cross join scenarios
    inner join {{ ref('dim_portfolios') }} as portfolios
        on as_of_values.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('risk_profiles') }} as profiles
        on portfolios.client_risk_profile = profiles.risk_profile_code
    left join portfolio_stress
        on
            as_of_values.portfolio_id = portfolio_stress.portfolio_id
            and scenarios.scenario_code = portfolio_stress.scenario_code
),

client_results as (
    select
        'client' as entity_type,
        scenario_code,
        cast(null as bigint) as portfolio_id,
        client_id,
        'USD' as currency_code,
        sum(market_value * usd_per_unit) as market_value,
        sum(stressed_value * usd_per_unit) as stressed_value,
        1.0 as usd_per_unit,
        max(max_acceptable_loss) as max_acceptable_loss
    from portfolio_results
    group by scenario_code, client_id
),

results as (
    select *
    from portfolio_results
    union all
    select *
    from client_results
)

select
    cast(results.scenario_code as string) as scenario_code,
    cast(scenarios.scenario_name as string) as scenario_name,
    cast(results.entity_type as string) as entity_type,
    cast(results.portfolio_id as bigint) as portfolio_id,
    cast(results.client_id as bigint) as client_id,
    cast(results.currency_code as string) as currency_code,
    cast(results.market_value as double) as market_value,
    cast(results.stressed_value as double) as stressed_value,
    cast(results.market_value - results.stressed_value as double) as stressed_loss,
    cast((results.market_value - results.stressed_value) / results.market_value as double) as stressed_loss_rate,
    cast(results.max_acceptable_loss as double) as max_acceptable_loss,
    cast(
        (results.market_value - results.stressed_value) / results.market_value > results.max_acceptable_loss as boolean
    ) as is_breach
from results
inner join scenarios
    on results.scenario_code = scenarios.scenario_code
