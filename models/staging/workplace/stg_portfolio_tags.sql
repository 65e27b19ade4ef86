select
    portfolio_tag_id,
    portfolio_id,
    tag_id,
    tagged_date
from {{ source('workplace', 'portfolio_tags') }}
