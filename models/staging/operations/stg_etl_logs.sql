select
    etl_run_id,
    run_date,
    pipeline,
    started_at,
    finished_at,
    status,
    attempts,
    rows_loaded,
    data_from_date,
    data_to_date,
    error_message
from {{ source('operations', 'etl_logs') }}
