-- Portfolios with their account, strategy, benchmark and the client's risk profile and segment.
select
    cast(portfolios.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.account_id as bigint) as account_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(portfolios.portfolio_name as string) as portfolio_name,
    cast(accounts.account_type as string) as account_type,
    cast(accounts.tax_treatment as string) as tax_treatment,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(portfolios.benchmark_code as string) as benchmark_code,
    cast(portfolios.base_currency_code as string) as base_currency_code,
    cast(portfolios.inception_date as date) as inception_date,
    cast(portfolios.target_return as double) as target_return,
    cast(portfolios.risk_score as double) as risk_score,
    cast(portfolios.rebalance_frequency_months as integer) as rebalance_frequency_months,
    cast(portfolios.last_rebalance_date as date) as last_rebalance_date,
    cast(clients.risk_profile as string) as client_risk_profile,
    cast(clients.segment_code as string) as client_segment_code
from {{ ref('stg_portfolios') }} as portfolios
inner join {{ ref('stg_accounts') }} as accounts
    on portfolios.account_id = accounts.account_id
inner join {{ ref('stg_clients') }} as clients
    on portfolios.client_id = clients.client_id
