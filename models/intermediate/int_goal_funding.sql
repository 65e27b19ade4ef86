-- Every goal with what funds it on the as-of date (the last valuation day): its share of the
-- funding portfolio's value (a portfolio that funds several goals is split equally between
-- them), converted to the goal's currency at that day's rates, the planned
-- monthly contribution, the years left to the target date, and the expected return and
-- volatility of the portfolio's strategy (seed strategies).
with valuations as (
    select
        portfolio_id,
        valuation_date,
        base_currency_code,
        market_value
    from {{ ref('fct_portfolio_valuation_daily') }}
),

as_of as (
    select max(valuation_date) as as_of_date
    from valuations
),

latest_values as (
    select valuations.*
    from valuations
    inner join as_of
        on valuations.valuation_date = as_of.as_of_date
),

as_of_rates as (
    select
        fx.currency_code,
        fx.usd_per_unit
    from {{ ref('stg_fx_rates') }} as fx
    inner join as_of
        on fx.rate_date = as_of.as_of_date
),

goals as (
    select *
    from {{ ref('stg_goals') }}
),

goals_per_portfolio as (
    select
        funding_portfolio_id,
        count(*) as goals_funded
    from goals
    group by funding_portfolio_id
)

select
    cast(goals.goal_id as bigint) as goal_id,
    cast(goals.client_id as bigint) as client_id,
    cast(goals.funding_portfolio_id as bigint) as funding_portfolio_id,
    cast(goals.currency_code as string) as currency_code,
    cast(goals.target_amount as double) as target_amount,
    cast(goals.target_date as date) as target_date,
    cast(goals.monthly_contribution as double) as monthly_contribution,
    cast(as_of.as_of_date as date) as as_of_date,
    cast(
        {{ dbt.datediff('as_of.as_of_date', 'goals.target_date', 'day') }} / {{ var('days_per_year') }}.0 as double
    ) as years_to_target,
    cast(
        coalesce(
            latest_values.market_value / goals_per_portfolio.goals_funded
            * portfolio_rates.usd_per_unit / goal_rates.usd_per_unit,
            0
        ) as double
    ) as current_value,
    cast(goals_per_portfolio.goals_funded as int) as goals_funded,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(strategies.expected_return as double) as expected_return,
    cast(strategies.expected_volatility as double) as expected_volatility
from goals
cross join as_of
inner join {{ ref('dim_portfolios') }} as portfolios
    on goals.funding_portfolio_id = portfolios.portfolio_id
inner join {{ ref('strategies') }} as strategies
    on portfolios.strategy_code = strategies.strategy_code
inner join goals_per_portfolio
    on goals.funding_portfolio_id = goals_per_portfolio.funding_portfolio_id
left join latest_values
    on goals.funding_portfolio_id = latest_values.portfolio_id
left join as_of_rates as portfolio_rates
    on portfolios.base_currency_code = portfolio_rates.currency_code
left join as_of_rates as goal_rates
    on goals.currency_code = goal_rates.currency_code
