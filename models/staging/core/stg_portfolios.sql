select
    portfolio_id,
    account_id,
    client_id,
    portfolio_name,
    strategy_type as strategy_code,
    benchmark_code,
    base_currency as base_currency_code,
    inception_date,
    cast(target_return as double) as target_return,
    cast(risk_score as double) as risk_score,
    esg_preferences,
    cast({{ json_text('esg_preferences', 'min_esg_score') }} as double) as esg_min_score,
    rebalance_frequency_months,
    fee_schedule_code,
    last_rebalance_date
from {{ source('raw', 'portfolios') }}
