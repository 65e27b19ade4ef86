select
    security_id,
    jump_date,
    cast(jump_return as double) as jump_return
from {{ source('raw', 'price_jumps') }}
