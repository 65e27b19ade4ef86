-- The dependents_info JSON array of raw.clients, one row per dependent (a child model of
-- stg_clients: unpacking only).
with dependents as (
    select
        client_id,
        {{ explode_json_objects('dependents_info', [('relationship', 'string'), ('birth_year', 'integer')]) }}
    from {{ source('raw', 'clients') }}
)

select
    client_id,
    relationship,
    birth_year,
    row_number() over (partition by client_id order by relationship, birth_year) as dependent_number
from dependents
