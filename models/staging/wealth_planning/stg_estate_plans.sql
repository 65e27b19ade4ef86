select
    estate_plan_id,
    client_id,
    has_will,
    has_trust,
    has_power_of_attorney,
    has_healthcare_directive,
    executor_relationship,
    last_reviewed_date,
    cast(estimated_estate_value as double) as estimated_estate_value,
    cast(estate_tax_exposure as double) as estate_tax_exposure,
    currency_code
from {{ source('wealth_planning', 'estate_plans') }}
