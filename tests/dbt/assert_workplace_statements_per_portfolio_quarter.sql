-- One quarterly statement per portfolio per calendar quarter held: every statement covers a
-- calendar quarter (from the inception in the first one) that ended before the as-of date's
-- quarter, and every quarter from the inception's to the last one that ended at least 10 days
-- before the as-of date (statements are issued 3 to 10 days after the quarter end) is there.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

numbered_days as (
    select
        calendar_date,
        row_number() over (order by calendar_date desc) as days_back
    from {{ ref('stg_trading_calendar') }}
),

last_closed as (
    select
        year(calendar_date) * 4 + quarter(calendar_date)
        - case
            when calendar_date = last_day(calendar_date) and month(calendar_date) in (3, 6, 9, 12) then 0
            else 1
        end as quarter_index
    from numbered_days
    where days_back = 11
),

statements as (
    select
        reports.portfolio_id,
        reports.period_start,
        reports.period_end,
        portfolios.inception_date,
        year(reports.period_end) * 4 + quarter(reports.period_end) as quarter_index,
        year(portfolios.inception_date) * 4 + quarter(portfolios.inception_date) as inception_quarter,
        year(as_of.as_of_date) * 4 + quarter(as_of.as_of_date) as as_of_quarter
    from {{ ref('stg_portfolio_reports') }} as reports
    inner join {{ ref('stg_portfolios') }} as portfolios
        on reports.portfolio_id = portfolios.portfolio_id
    cross join as_of
    where reports.report_type = 'quarterly_statement'
),

badly_dated as (
    select
        portfolio_id,
        'period' as problem
    from statements
    where
        period_end <> last_day(period_end)
        or month(period_end) not in (3, 6, 9, 12)
        or quarter_index < inception_quarter
        or quarter_index >= as_of_quarter
        or (quarter_index = inception_quarter and period_start <> inception_date)
        or (
            quarter_index > inception_quarter
            and (
                day(period_start) <> 1
                or month(period_start) <> month(period_end) - 2
                or year(period_start) <> year(period_end)
            )
        )
),

expected as (
    select
        portfolios.portfolio_id,
        last_closed.quarter_index + 1
        - (year(portfolios.inception_date) * 4 + quarter(portfolios.inception_date)) as required
    from {{ ref('stg_portfolios') }} as portfolios
    cross join last_closed
),

counted as (
    select
        expected.portfolio_id,
        expected.required,
        count(statements.portfolio_id) as issued
    from expected
    left join statements
        on expected.portfolio_id = statements.portfolio_id
    group by expected.portfolio_id, expected.required
)

select
    portfolio_id,
    problem
from badly_dated
union all
select
    portfolio_id,
    'missing quarters' as problem
from counted
where issued < required
