select
    tax_profile_id,
    client_id,
    tax_residency,
    filing_status,
    cast(marginal_tax_rate as double) as marginal_tax_rate,
    cast(capital_gains_rate as double) as capital_gains_rate,
    tax_id,
    tax_year_start_month,
    updated_date
from {{ source('wealth_planning', 'tax_profiles') }}
