-- Tax reports per account and per client and tax year: sale proceeds, cost, short- and
-- long-term realised gains (first in, first out lots), dividends, interest, fees and the
-- taxable income. Account rows cover every account in its base currency; client rows sum the
-- client's taxable accounts (tax-deferred and tax-free accounts report no income) in the
-- reporting currency. Tax years follow the client's residence (tax_year_start_month).
with tax_settings as (
    select * from {{ ref('int_portfolio_tax_settings') }}
),

usd_rates as (
    select
        currency_code,
        rate_date,
        usd_per_unit
    from {{ ref('stg_fx_rates') }}
),

lot_items as (
    select
        tax_settings.*,
        lots.tax_year,
        lots.proceeds as sale_proceeds,
        lots.cost_basis,
        case when lots.holding_term = 'short_term' then lots.realised_gain else 0 end as short_term_gain,
        case when lots.holding_term = 'long_term' then lots.realised_gain else 0 end as long_term_gain,
        0 as dividend,
        0 as interest,
        0 as fee,
        lots.reporting_proceeds as reporting_sale_proceeds,
        lots.reporting_cost_basis,
        case when lots.holding_term = 'short_term' then lots.reporting_realised_gain else 0 end
            as reporting_short_term_gain,
        case when lots.holding_term = 'long_term' then lots.reporting_realised_gain else 0 end
            as reporting_long_term_gain,
        0 as reporting_dividend,
        0 as reporting_interest,
        0 as reporting_fee
    from {{ ref('fct_realised_lots') }} as lots
    inner join tax_settings
        on lots.portfolio_id = tax_settings.portfolio_id
),

cash_items as (
    select
        tax_settings.*,
        transactions.transaction_type,
        {{ tax_year('transactions.trade_date', 'tax_settings.tax_year_start_month') }} as tax_year,
        cast(transactions.amount as double) as amount,
        cast(transactions.amount as double) * base_rates.usd_per_unit / reporting_rates.usd_per_unit
            as reporting_amount
    from {{ ref('stg_transactions') }} as transactions
    inner join tax_settings
        on transactions.portfolio_id = tax_settings.portfolio_id
    inner join usd_rates as base_rates
        on
            tax_settings.base_currency_code = base_rates.currency_code
            and transactions.trade_date = base_rates.rate_date
    inner join usd_rates as reporting_rates
        on
            reporting_rates.currency_code = '{{ var("reporting_currency") }}'
            and transactions.trade_date = reporting_rates.rate_date
    where
        transactions.status = 'settled'
        and transactions.transaction_type in ('dividend', 'interest', 'fee')
),

income_items as (
    select
        portfolio_id,
        account_id,
        client_id,
        tax_treatment,
        base_currency_code,
        tax_year_start_month,
        tax_year,
        0 as sale_proceeds,
        0 as cost_basis,
        0 as short_term_gain,
        0 as long_term_gain,
        case when transaction_type = 'dividend' then amount else 0 end as dividend,
        case when transaction_type = 'interest' then amount else 0 end as interest,
        case when transaction_type = 'fee' then amount else 0 end as fee,
        0 as reporting_sale_proceeds,
        0 as reporting_cost_basis,
        0 as reporting_short_term_gain,
        0 as reporting_long_term_gain,
        case when transaction_type = 'dividend' then reporting_amount else 0 end as reporting_dividend,
        case when transaction_type = 'interest' then reporting_amount else 0 end as reporting_interest,
        case when transaction_type = 'fee' then reporting_amount else 0 end as reporting_fee
    from cash_items
),

tax_items as (
    select * from lot_items
    union all
    select * from income_items
),

account_years as (
    select
        'account' as entity_type,
        client_id,
        account_id,
        portfolio_id,
        tax_treatment,
        base_currency_code as currency_code,
        tax_year,
        tax_year_start_month,
        sum(sale_proceeds) as sale_proceeds,
        sum(cost_basis) as cost_basis,
        sum(short_term_gain) as short_term_gains,
        sum(long_term_gain) as long_term_gains,
        sum(dividend) as dividends,
        sum(interest) as interest,
        sum(fee) as fees
    from tax_items
    group by client_id, account_id, portfolio_id, tax_treatment, base_currency_code, tax_year, tax_year_start_month
),

client_years as (
    select
        'client' as entity_type,
        client_id,
        cast(null as bigint) as account_id,
        cast(null as bigint) as portfolio_id,
        tax_treatment,
        '{{ var("reporting_currency") }}' as currency_code,
        tax_year,
        tax_year_start_month,
        sum(reporting_sale_proceeds) as sale_proceeds,
        sum(reporting_cost_basis) as cost_basis,
        sum(reporting_short_term_gain) as short_term_gains,
        sum(reporting_long_term_gain) as long_term_gains,
        sum(reporting_dividend) as dividends,
        sum(reporting_interest) as interest,
        sum(reporting_fee) as fees
    from tax_items
    where tax_treatment = 'taxable'
    group by client_id, tax_treatment, tax_year, tax_year_start_month
),

report_years as (
    select * from account_years
    union all
    select * from client_years
)

select
    cast(entity_type as string) as entity_type,
    cast(client_id as bigint) as client_id,
    cast(account_id as bigint) as account_id,
    cast(portfolio_id as bigint) as portfolio_id,
    cast(tax_treatment as string) as tax_treatment,
    cast(tax_year as integer) as tax_year,
    cast(make_date(tax_year, tax_year_start_month, 1) as date) as tax_year_start_date,
    cast({{ dbt.dateadd('day', -1, 'make_date(tax_year + 1, tax_year_start_month, 1)') }} as date) as tax_year_end_date,
    cast(currency_code as string) as currency_code,
    cast(sale_proceeds as double) as sale_proceeds,
    cast(cost_basis as double) as cost_basis,
    cast(short_term_gains as double) as short_term_gains,
    cast(long_term_gains as double) as long_term_gains,
    cast(short_term_gains + long_term_gains as double) as realised_gains,
    cast(dividends as double) as dividends,
    cast(interest as double) as interest,
    cast(fees as double) as fees,
    cast(
        case
            when tax_treatment = 'taxable' then short_term_gains + long_term_gains + dividends + interest - fees
            else 0
        end as double
    ) as taxable_income
from report_years
