-- A goal is funded by a portfolio of the same client and set inside the client relationship
-- (after onboarding and the portfolio's inception, not after the as-of date).
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
)

select
    goals.goal_id,
    goals.client_id,
    portfolios.client_id as portfolio_client_id,
    goals.created_date
from {{ ref('stg_goals') }} as goals
inner join {{ ref('stg_portfolios') }} as portfolios
    on goals.funding_portfolio_id = portfolios.portfolio_id
inner join {{ ref('stg_clients') }} as clients
    on goals.client_id = clients.client_id
cross join as_of
where
    portfolios.client_id != goals.client_id
    or goals.created_date < clients.onboarding_date
    or goals.created_date < portfolios.inception_date
    or goals.created_date > as_of.as_of_date
