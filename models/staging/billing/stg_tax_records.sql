select
    tax_record_id,
    client_id,
    account_id,
    portfolio_id,
    tax_year,
    account_type,
    tax_treatment,
    currency_code,
    cast(realised_gains as double) as realised_gains,
    cast(sale_proceeds as double) as sale_proceeds,
    cast(dividends as double) as dividends,
    cast(interest as double) as interest,
    cast(fees as double) as fees,
    cast(taxable_income as double) as taxable_income
from {{ source('billing', 'tax_records') }}
