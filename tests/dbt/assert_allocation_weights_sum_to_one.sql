-- Within each dimension the actual weights of a portfolio and date sum to 1, and the drift
-- model's classes carry the whole portfolio.
with allocation_sums as (
    select
        'fct_actual_allocations' as model_name,
        portfolio_id,
        allocation_date,
        dimension,
        sum(actual_weight) as weight_sum
    from {{ ref('fct_actual_allocations') }}
    group by portfolio_id, allocation_date, dimension
),

drift_sums as (
    select
        'fct_allocation_drift' as model_name,
        portfolio_id,
        allocation_date,
        'asset_class' as dimension,
        sum(actual_weight) as weight_sum
    from {{ ref('fct_allocation_drift') }}
    group by portfolio_id, allocation_date
)

select *
from allocation_sums
where abs(weight_sum - 1) > 1e-9
union all
select *
from drift_sums
where abs(weight_sum - 1) > 1e-9
