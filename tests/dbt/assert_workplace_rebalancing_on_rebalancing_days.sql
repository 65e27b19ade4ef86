-- A rebalancing workflow runs on each day a portfolio both bought and sold (settled trades),
-- and only on those days, one per portfolio and day.
with rebalancing_days as (
    select
        portfolio_id,
        trade_date
    from {{ ref('stg_transactions') }}
    where status = 'settled' and transaction_type in ('buy', 'sell')
    group by portfolio_id, trade_date
    having count(distinct transaction_type) = 2
),

workflows as (
    select
        portfolio_id,
        cast(started_at as date) as trade_date,
        count(*) as n_workflows
    from {{ ref('stg_workflow_instances') }}
    where workflow_type = 'rebalancing'
    group by portfolio_id, cast(started_at as date)
)

select
    workflows.n_workflows,
    coalesce(rebalancing_days.portfolio_id, workflows.portfolio_id) as portfolio_id,
    coalesce(rebalancing_days.trade_date, workflows.trade_date) as trade_date
from rebalancing_days
full outer join workflows
    on
        rebalancing_days.portfolio_id = workflows.portfolio_id
        and rebalancing_days.trade_date = workflows.trade_date
where
    rebalancing_days.portfolio_id is null
    or workflows.portfolio_id is null
    or workflows.n_workflows <> 1
