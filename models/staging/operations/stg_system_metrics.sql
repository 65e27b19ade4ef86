select
    metric_id,
    metric_date,
    service,
    cast(cpu_utilisation as double) as cpu_utilisation,
    cast(memory_utilisation as double) as memory_utilisation,
    p95_latency_ms,
    requests,
    failed_requests,
    cast(error_rate as double) as error_rate
from {{ source('operations', 'system_metrics') }}
