select
    invoice_id,
    invoice_number,
    client_id,
    account_id,
    portfolio_id,
    billing_period_start,
    billing_period_end,
    invoice_date,
    months_billed,
    fee_schedule_code,
    currency_code,
    status,
    transaction_id,
    cast(average_aum as double) as average_aum,
    cast(effective_annual_rate as double) as effective_annual_rate,
    amount
from {{ source('billing', 'billing_invoices') }}
