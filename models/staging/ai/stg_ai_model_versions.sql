select
    model_version_id,
    model_name,
    version,
    release_date,
    retired_date,
    algorithm,
    training_data_end,
    cast(validation_auc as double) as validation_auc,
    is_active
from {{ source('ai', 'ai_model_versions') }}
