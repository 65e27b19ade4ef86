select
    tag_id,
    tag_name,
    tag_category
from {{ source('workplace', 'tags') }}
