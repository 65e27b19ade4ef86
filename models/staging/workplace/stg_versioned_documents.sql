select
    document_version_id,
    document_id,
    version_number,
    created_at,
    change_summary,
    created_by_advisor_id
from {{ source('workplace', 'versioned_documents') }}
