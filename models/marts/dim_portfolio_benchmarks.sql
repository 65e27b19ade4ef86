-- The benchmark each portfolio is measured against, from its inception (PortfolioBenchmarks),
-- with the benchmark's name, currency and composition by asset class as text.
with compositions as (
    select
        benchmark_code,
        {{ json_object_agg('asset_class_code', 'cast(cast(weight as decimal(10, 4)) as string)') }} as composition
    from {{ ref('benchmark_components') }}
    group by benchmark_code
)

select
    cast(portfolios.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.benchmark_code as string) as benchmark_code,
    cast(benchmarks.benchmark_name as string) as benchmark_name,
    cast(benchmarks.currency_code as string) as benchmark_currency_code,
    cast(compositions.composition as string) as composition,
    cast(portfolios.inception_date as date) as valid_from,
    cast(true as boolean) as is_primary
from {{ ref('stg_portfolios') }} as portfolios
inner join {{ ref('benchmarks') }} as benchmarks
    on portfolios.benchmark_code = benchmarks.benchmark_code
inner join compositions
    on portfolios.benchmark_code = compositions.benchmark_code
