select
    market_view_id,
    view_date,
    asset_class_code,
    view,
    conviction,
    cast(expected_return_12m as double) as expected_return_12m,
    rationale,
    author_advisor_id
from {{ source('wealth_planning', 'market_views') }}
