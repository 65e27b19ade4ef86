select
    api_version_id,
    version,
    released_date,
    deprecated_date,
    sunset_date,
    is_current,
    status,
    changelog
from {{ source('operations', 'api_versions') }}
