select
    liability_id,
    client_id,
    liability_type,
    repayment_type,
    lender,
    cast(original_amount as double) as original_amount,
    cast(outstanding_balance as double) as outstanding_balance,
    cast(interest_rate as double) as interest_rate,
    start_date,
    maturity_date,
    term_months,
    cast(monthly_payment as double) as monthly_payment,
    currency_code
from {{ source('wealth_planning', 'liabilities') }}
