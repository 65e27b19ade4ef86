-- A portfolio's deepest drawdown in the drawdown table is its since-inception maximum
-- drawdown in fct_performance_periods, with the same peak, trough and recovery; a portfolio
-- with no drawdown since inception has no row in the table.
with since_inception as (
    select
        entity_id as portfolio_id,
        max_drawdown,
        drawdown_peak_date,
        drawdown_trough_date,
        drawdown_recovery_date
    from {{ ref('fct_performance_periods') }}
    where entity_type = 'portfolio' and period_code = 'SI'
),

deepest as (
    select *
    from {{ ref('fct_portfolio_drawdowns') }}
    where drawdown_rank = 1
)

select
    since_inception.portfolio_id,
    since_inception.max_drawdown,
    deepest.drawdown_depth
from since_inception
full outer join deepest
    on since_inception.portfolio_id = deepest.portfolio_id
where
    coalesce(since_inception.max_drawdown, 0) < 0 and deepest.portfolio_id is null
    or deepest.portfolio_id is not null and (
        since_inception.portfolio_id is null
        or abs(deepest.drawdown_depth - since_inception.max_drawdown) > 1e-12
        or deepest.peak_date != since_inception.drawdown_peak_date
        or deepest.trough_date != since_inception.drawdown_trough_date
        or coalesce(deepest.recovery_date, date '9999-12-31')
        != coalesce(since_inception.drawdown_recovery_date, date '9999-12-31')
    )
