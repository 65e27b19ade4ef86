-- Nothing is dated after the as-of date (the last day of the calendar); a bond's maturity and
-- a goal's target date are the only dates that lie in the future by design.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

latest_dates as (
    select
        'transactions.settle_date' as date_column,
        max(settle_date) as latest
    from {{ ref('stg_transactions') }}
    union all
    select
        'transactions.trade_date' as date_column,
        max(trade_date) as latest
    from {{ ref('stg_transactions') }}
    union all
    select
        'dividends.pay_date' as date_column,
        max(pay_date) as latest
    from {{ ref('stg_dividends') }}
    union all
    select
        'prices.price_date' as date_column,
        max(price_date) as latest
    from {{ ref('stg_prices') }}
    union all
    select
        'fx_rates.rate_date' as date_column,
        max(rate_date) as latest
    from {{ ref('stg_fx_rates') }}
    union all
    select
        'benchmark_levels.level_date' as date_column,
        max(level_date) as latest
    from {{ ref('stg_benchmark_levels') }}
    union all
    select
        'clients.onboarding_date' as date_column,
        max(onboarding_date) as latest
    from {{ ref('stg_clients') }}
    union all
    select
        'clients.birth_date' as date_column,
        max(birth_date) as latest
    from {{ ref('stg_clients') }}
    union all
    select
        'accounts.opened_date' as date_column,
        max(opened_date) as latest
    from {{ ref('stg_accounts') }}
    union all
    select
        'portfolios.last_rebalance_date' as date_column,
        max(last_rebalance_date) as latest
    from {{ ref('stg_portfolios') }}
    union all
    select
        'advisor_assignments.end_date' as date_column,
        max(end_date) as latest
    from {{ ref('stg_advisor_assignments') }}
    union all
    select
        'financial_status.last_updated' as date_column,
        max(last_updated) as latest
    from {{ ref('stg_financial_status') }}
    union all
    select
        'goals.created_date' as date_column,
        max(created_date) as latest
    from {{ ref('stg_goals') }}
    union all
    select
        'advisors.hire_date' as date_column,
        max(hire_date) as latest
    from {{ ref('stg_advisors') }}
)

select
    latest_dates.date_column,
    latest_dates.latest,
    as_of.as_of_date
from latest_dates
cross join as_of
where latest_dates.latest > as_of.as_of_date
