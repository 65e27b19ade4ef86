select
    document_id,
    client_id,
    account_id,
    document_type,
    title,
    created_date,
    current_version,
    storage_path,
    is_signed
from {{ source('workplace', 'documents') }}
