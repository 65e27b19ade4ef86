-- Use case 2: ROI, Sharpe and beta.
-- The portfolios with the best risk-adjusted return over the trailing year: time-weighted
-- and money-weighted return (the investor's ROI), Sharpe ratio, beta and alpha against
-- the portfolio's benchmark, and the worst drawdown.
{% set period_code = '1Y' %}
{% set top_n = 10 %}
with ranked as (
    select
        periods.*,
        portfolios.client_id as portfolio_client_id,
        portfolios.strategy_code,
        clients.advisor_id as client_advisor_id,
        row_number() over (order by periods.sharpe_ratio desc, periods.portfolio_id asc) as sharpe_rank
    from {{ ref('fct_performance_periods') }} as periods
    inner join {{ ref('dim_portfolios') }} as portfolios
        on periods.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('dim_clients') }} as clients
        on portfolios.client_id = clients.client_id
    where
        periods.entity_type = 'portfolio'
        and periods.period_code = '{{ period_code }}'
        and periods.sharpe_ratio is not null
)

select
    sharpe_rank,
    portfolio_id,
    portfolio_client_id as client_id,
    client_advisor_id as advisor_id,
    strategy_code,
    currency_code,
    period_start_date,
    period_end_date,
    round(time_weighted_return, 4) as time_weighted_return,
    round(money_weighted_return, 4) as money_weighted_return,
    round(sharpe_ratio, 2) as sharpe_ratio,
    round(beta, 2) as beta,
    round(alpha, 4) as alpha,
    round(max_drawdown, 4) as max_drawdown
from ranked
where sharpe_rank <= {{ top_n }}
order by sharpe_rank
