-- Realised gains lot by lot (first in, first out): every sale with each purchase lot it
-- disposes of, the holding period and term, the client's tax year, and the amounts in the
-- portfolio's base currency and in the reporting currency (the cost at the acquisition day's
-- rates, the proceeds at the sale day's).
with disposals as (
    select * from {{ ref('int_tax_lot_disposals') }}
),

portfolios as (
    select * from {{ ref('int_portfolio_tax_settings') }}
),

usd_rates as (
    select
        currency_code,
        rate_date,
        usd_per_unit
    from {{ ref('stg_fx_rates') }}
),

disposals_described as (
    select
        disposals.sell_transaction_id,
        disposals.buy_transaction_id,
        portfolios.client_id,
        portfolios.account_id,
        disposals.portfolio_id,
        disposals.security_id,
        portfolios.tax_treatment,
        portfolios.base_currency_code,
        disposals.acquired_date,
        disposals.sold_date,
        disposals.quantity,
        disposals.cost_basis,
        disposals.proceeds,
        portfolios.tax_year_start_month,
        disposals.cost_basis * acquired_base.usd_per_unit / acquired_reporting.usd_per_unit as reporting_cost_basis,
        disposals.proceeds * sold_base.usd_per_unit / sold_reporting.usd_per_unit as reporting_proceeds
    from disposals
    inner join portfolios
        on disposals.portfolio_id = portfolios.portfolio_id
    inner join usd_rates as acquired_base
        on
            portfolios.base_currency_code = acquired_base.currency_code
            and disposals.acquired_date = acquired_base.rate_date
    inner join usd_rates as acquired_reporting
        on
            acquired_reporting.currency_code = '{{ var("reporting_currency") }}'
            and disposals.acquired_date = acquired_reporting.rate_date
    inner join usd_rates as sold_base
        on
            portfolios.base_currency_code = sold_base.currency_code
            and disposals.sold_date = sold_base.rate_date
    inner join usd_rates as sold_reporting
        on
            sold_reporting.currency_code = '{{ var("reporting_currency") }}'
            and disposals.sold_date = sold_reporting.rate_date
)

select
    cast(sell_transaction_id as bigint) as sell_transaction_id,
    cast(buy_transaction_id as bigint) as buy_transaction_id,
    cast(client_id as bigint) as client_id,
    cast(account_id as bigint) as account_id,
    cast(portfolio_id as bigint) as portfolio_id,
    cast(security_id as bigint) as security_id,
    cast(tax_treatment as string) as tax_treatment,
    cast({{ tax_year('sold_date', 'tax_year_start_month') }} as integer) as tax_year,
    cast(acquired_date as date) as acquired_date,
    cast(sold_date as date) as sold_date,
    cast({{ dbt.datediff('acquired_date', 'sold_date', 'day') }} as integer) as holding_days,
    cast(
        case
            when sold_date > {{ dbt.dateadd('month', var('tax_long_term_holding_months'), 'acquired_date') }}
                then 'long_term'
            else 'short_term'
        end as string
    ) as holding_term,
    cast(quantity as double) as quantity,
    cast(base_currency_code as string) as currency_code,
    cast(cost_basis as double) as cost_basis,
    cast(proceeds as double) as proceeds,
    cast(proceeds - cost_basis as double) as realised_gain,
    cast('{{ var("reporting_currency") }}' as string) as reporting_currency_code,
    cast(reporting_cost_basis as double) as reporting_cost_basis,
    cast(reporting_proceeds as double) as reporting_proceeds,
    cast(reporting_proceeds - reporting_cost_basis as double) as reporting_realised_gain
from disposals_described
