-- The failed requests of a service on a day are the occurrences of its error log rows that day.
with errors as (
    select
        service,
        cast(logged_at as date) as metric_date,
        sum(occurrences) as occurrences
    from {{ ref('stg_error_logs') }}
    group by service, cast(logged_at as date)
)

select
    metrics.metric_date,
    metrics.service,
    metrics.failed_requests,
    errors.occurrences
from {{ ref('stg_system_metrics') }} as metrics
full outer join errors
    on
        metrics.service = errors.service
        and metrics.metric_date = errors.metric_date
where coalesce(metrics.failed_requests, -1) <> coalesce(errors.occurrences, 0)
