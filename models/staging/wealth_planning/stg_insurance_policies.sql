select
    policy_id,
    client_id,
    policy_type,
    insurer,
    cast(coverage_amount as double) as coverage_amount,
    cast(annual_premium as double) as annual_premium,
    currency_code,
    start_date,
    end_date,
    beneficiary_relationship,
    status
from {{ source('wealth_planning', 'insurance_policies') }}
