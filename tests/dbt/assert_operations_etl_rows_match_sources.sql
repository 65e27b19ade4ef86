-- Each ETL run that loaded data reports the rows its source holds for the business dates it
-- loaded (data_from_date to data_to_date): securities priced, FX rates, benchmark levels,
-- transactions by trade date, and clients onboarded plus client-record edits.
with source_days as (
    select
        'prices' as pipeline,
        price_date as business_date,
        count(*) as source_rows
    from {{ ref('stg_prices') }}
    group by price_date
    union all
    select
        'fx_rates' as pipeline,
        rate_date as business_date,
        count(*) as source_rows
    from {{ ref('stg_fx_rates') }}
    group by rate_date
    union all
    select
        'benchmark_levels' as pipeline,
        level_date as business_date,
        count(*) as source_rows
    from {{ ref('stg_benchmark_levels') }}
    group by level_date
    union all
    select
        'transactions' as pipeline,
        trade_date as business_date,
        count(*) as source_rows
    from {{ ref('stg_transactions') }}
    group by trade_date
    union all
    select
        'clients' as pipeline,
        onboarding_date as business_date,
        count(*) as source_rows
    from {{ ref('stg_clients') }}
    group by onboarding_date
    union all
    select
        'clients' as pipeline,
        cast(changed_at as date) as business_date,
        count(distinct audit_log_id) as source_rows
    from {{ ref('stg_audit_trails') }}
    group by cast(changed_at as date)
),

expected as (
    select
        runs.etl_run_id,
        coalesce(sum(source_days.source_rows), 0) as source_rows
    from {{ ref('stg_etl_logs') }} as runs
    left join source_days
        on
            runs.pipeline = source_days.pipeline
            and runs.data_from_date <= source_days.business_date
            and runs.data_to_date >= source_days.business_date
    where runs.status <> 'failed'
    group by runs.etl_run_id
)

select
    runs.etl_run_id,
    runs.pipeline,
    runs.run_date,
    runs.rows_loaded,
    expected.source_rows
from {{ ref('stg_etl_logs') }} as runs
inner join expected
    on runs.etl_run_id = expected.etl_run_id
where runs.rows_loaded <> expected.source_rows
