select
    sentiment_id,
    client_id,
    measured_date,
    cast(sentiment_score as double) as sentiment_score,
    sentiment_label,
    source
from {{ source('engagement', 'client_sentiment') }}
