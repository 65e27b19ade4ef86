-- Monthly statements, per account (portfolio, in its base currency) and per client (all its
-- portfolios, in the client's reporting currency): opening and closing value, deposits,
-- withdrawals, income (dividends and interest), fees and the month's time-weighted return.
-- Values and returns are the calendar-month rows of fct_performance_periods; the cash
-- movements are the settled transactions after the opening valuation (the anchor day) up to
-- the month's last day, converted for a client at the day's rates. Transactions fall on
-- trading days, so each joins its own calendar month (an equality join); the anchor and the
-- last day then only cut the month's edges.
with months as (
    select
        periods.entity_type,
        periods.portfolio_id,
        periods.currency_code,
        periods.period_start_date,
        periods.period_end_date,
        periods.anchor_date,
        periods.start_value,
        periods.end_value,
        periods.net_external_flow,
        periods.time_weighted_return,
        coalesce(periods.client_id, portfolios.client_id) as client_id
    from {{ ref('fct_performance_periods') }} as periods
    left join {{ ref('dim_portfolios') }} as portfolios
        on periods.portfolio_id = portfolios.portfolio_id
    where periods.period_code = 'M' and periods.entity_type in ('portfolio', 'client')
),

movements as (
    select
        transactions.portfolio_id,
        portfolios.client_id,
        transactions.trade_date,
        cast({{ dbt.date_trunc('month', 'transactions.trade_date') }} as date) as trade_month,
        transactions.transaction_type,
        cast(transactions.amount as double) as amount,
        cast(transactions.amount as double) * base_rates.usd_per_unit as amount_usd
    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('dim_portfolios') }} as portfolios
        on transactions.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as base_rates
        on
            portfolios.base_currency_code = base_rates.currency_code
            and transactions.trade_date = base_rates.rate_date
    where
        transactions.status = 'settled'
        and transactions.transaction_type in ('deposit', 'withdrawal', 'dividend', 'interest', 'fee')
),

portfolio_movements as (
    select
        'portfolio' as entity_type,
        months.portfolio_id,
        months.period_start_date,
        sum(case when movements.transaction_type = 'deposit' then movements.amount else 0 end) as deposits,
        sum(case when movements.transaction_type = 'withdrawal' then movements.amount else 0 end) as withdrawals,
        sum(case when movements.transaction_type in ('dividend', 'interest') then movements.amount else 0 end)
            as income,
        sum(case when movements.transaction_type = 'fee' then movements.amount else 0 end) as fees
    from months
    inner join movements
        on
            months.portfolio_id = movements.portfolio_id
            and months.period_start_date = movements.trade_month
            and months.anchor_date < movements.trade_date
            and months.period_end_date >= movements.trade_date
    where months.entity_type = 'portfolio'
    group by months.portfolio_id, months.period_start_date
),

client_months as (
    select
        client_id,
        currency_code,
        period_start_date,
        period_end_date,
        anchor_date
    from months
    where entity_type = 'client'
),

client_movements_converted as (
    select
        client_months.client_id,
        client_months.period_start_date,
        movements.transaction_type,
        movements.amount_usd / reporting_rates.usd_per_unit as amount
    from client_months
    inner join movements
        on
            client_months.client_id = movements.client_id
            and client_months.period_start_date = movements.trade_month
            and client_months.anchor_date < movements.trade_date
            and client_months.period_end_date >= movements.trade_date
    inner join {{ ref('stg_fx_rates') }} as reporting_rates
        on
            client_months.currency_code = reporting_rates.currency_code
            and movements.trade_date = reporting_rates.rate_date
),

client_movements as (
    select
        'client' as entity_type,
        client_id,
        period_start_date,
        sum(case when transaction_type = 'deposit' then amount else 0 end) as deposits,
        sum(case when transaction_type = 'withdrawal' then amount else 0 end) as withdrawals,
        sum(case when transaction_type in ('dividend', 'interest') then amount else 0 end) as income,
        sum(case when transaction_type = 'fee' then amount else 0 end) as fees
    from client_movements_converted
    group by client_id, period_start_date
)

select
    cast(months.entity_type as string) as entity_type,
    cast(months.portfolio_id as bigint) as portfolio_id,
    cast(months.client_id as bigint) as client_id,
    cast(months.currency_code as string) as currency_code,
    cast(months.period_start_date as date) as statement_month,
    cast(months.period_end_date as date) as period_end_date,
    cast(months.start_value as double) as opening_value,
    cast(months.end_value as double) as closing_value,
    cast(coalesce(portfolio_movements.deposits, client_movements.deposits, 0) as double) as deposits,
    cast(coalesce(portfolio_movements.withdrawals, client_movements.withdrawals, 0) as double) as withdrawals,
    cast(months.net_external_flow as double) as net_external_flow,
    cast(coalesce(portfolio_movements.income, client_movements.income, 0) as double) as income,
    cast(coalesce(portfolio_movements.fees, client_movements.fees, 0) as double) as fees,
    cast(months.end_value - months.start_value - months.net_external_flow as double) as investment_result,
    cast(months.time_weighted_return as double) as time_weighted_return
from months
left join portfolio_movements
    on
        months.entity_type = portfolio_movements.entity_type
        and months.portfolio_id = portfolio_movements.portfolio_id
        and months.period_start_date = portfolio_movements.period_start_date
left join client_movements
    on
        months.entity_type = client_movements.entity_type
        and months.client_id = client_movements.client_id
        and months.period_start_date = client_movements.period_start_date
