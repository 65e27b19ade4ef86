select
    subscription_id,
    client_id,
    plan_code,
    start_date,
    end_date,
    status,
    billing_frequency,
    auto_renew
from {{ source('billing', 'subscriptions') }}
