-- Every goal with what funds it on each evaluation date: the as-of date (the last trading
-- day) and the month-end var goal_status_comparison_months months earlier, for goals set by
-- then. Its share of the funding portfolio's value that day (a portfolio that funds several
-- goals is split equally between them), converted to the goal's currency at that day's
-- rates, the planned monthly contribution, the years left to the target date, and the
-- expected return and volatility of the portfolio's strategy (seed strategies).
with month_ends as (
    select
        trading_date,
        row_number() over (order by trading_date desc) as months_back
    from {{ ref('int_trading_days') }}
    where is_month_end
),

evaluation_dates as (
    select
        trading_date as evaluation_date,
        months_back = 1 as is_as_of
    from month_ends
    where months_back in (1, {{ var('goal_status_comparison_months') }} + 1)
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
),

goal_dates as (
    select
        goals.*,
        evaluation_dates.evaluation_date,
        evaluation_dates.is_as_of
    from goals
    inner join evaluation_dates
        on goals.created_date <= evaluation_dates.evaluation_date
),

valuations as (
    select
        valuations.portfolio_id,
        valuations.valuation_date,
        valuations.market_value
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join evaluation_dates
        on valuations.valuation_date = evaluation_dates.evaluation_date
),

rates as (
    select
        fx.rate_date,
        fx.currency_code,
        fx.usd_per_unit
    from {{ ref('stg_fx_rates') }} as fx
    inner join evaluation_dates
        on fx.rate_date = evaluation_dates.evaluation_date
)

select
    cast(goal_dates.goal_id as bigint) as goal_id,
    cast(goal_dates.evaluation_date as date) as evaluation_date,
    cast(goal_dates.is_as_of as boolean) as is_as_of,
    cast(goal_dates.client_id as bigint) as client_id,
    cast(goal_dates.funding_portfolio_id as bigint) as funding_portfolio_id,
    cast(goal_dates.currency_code as string) as currency_code,
    cast(goal_dates.target_amount as double) as target_amount,
    cast(goal_dates.target_date as date) as target_date,
    cast(goal_dates.monthly_contribution as double) as monthly_contribution,
    cast(
        {{ dbt.datediff('goal_dates.evaluation_date', 'goal_dates.target_date', 'day') }}
        / {{ var('days_per_year') }}.0 as double
    ) as years_to_target,
    cast(
        coalesce(
            valuations.market_value / goals_per_portfolio.goals_funded
            * portfolio_rates.usd_per_unit / goal_rates.usd_per_unit,
            0
        ) as double
    ) as current_value,
    cast(goals_per_portfolio.goals_funded as int) as goals_funded,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(strategies.expected_return as double) as expected_return,
    cast(strategies.expected_volatility as double) as expected_volatility
from goal_dates
inner join {{ ref('dim_portfolios') }} as portfolios
    on goal_dates.funding_portfolio_id = portfolios.portfolio_id
inner join {{ ref('strategies') }} as strategies
    on portfolios.strategy_code = strategies.strategy_code
inner join goals_per_portfolio
    on goal_dates.funding_portfolio_id = goals_per_portfolio.funding_portfolio_id
left join valuations
    on
        goal_dates.funding_portfolio_id = valuations.portfolio_id
        and goal_dates.evaluation_date = valuations.valuation_date
left join rates as portfolio_rates
    on
        portfolios.base_currency_code = portfolio_rates.currency_code
        and goal_dates.evaluation_date = portfolio_rates.rate_date
left join rates as goal_rates
    on
        goal_dates.currency_code = goal_rates.currency_code
        and goal_dates.evaluation_date = goal_rates.rate_date
