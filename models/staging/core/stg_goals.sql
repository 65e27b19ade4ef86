select
    goal_id,
    client_id,
    goal_type,
    timeframe,
    description,
    cast(target_amount as double) as target_amount,
    target_date,
    status,
    cast(progress as double) as progress,
    priority_level,
    funding_portfolio_id,
    cast(monthly_contribution as double) as monthly_contribution,
    currency_code,
    created_date
from {{ source('raw', 'goals') }}
