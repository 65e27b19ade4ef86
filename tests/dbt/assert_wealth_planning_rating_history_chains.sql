-- Each agency's rating history of a bond chains (previous_rating is the rating before, the
-- first action is the initial rating at the listing date), stays within the listing date and
-- the as-of date, and its latest rating is the security master's credit_rating.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

history as (
    select
        ratings.security_id,
        ratings.agency,
        ratings.rating_date,
        ratings.rating,
        ratings.previous_rating,
        ratings.rating_action,
        securities.credit_rating,
        securities.listing_date,
        lag(ratings.rating) over (
            partition by ratings.security_id, ratings.agency order by ratings.rating_date
        ) as rating_before,
        row_number() over (
            partition by ratings.security_id, ratings.agency order by ratings.rating_date
        ) as action_number,
        row_number() over (
            partition by ratings.security_id, ratings.agency order by ratings.rating_date desc
        ) as recency
    from {{ ref('stg_security_ratings') }} as ratings
    inner join {{ ref('stg_securities') }} as securities
        on ratings.security_id = securities.security_id
)

select
    history.security_id,
    history.agency,
    history.rating_date,
    history.rating,
    history.previous_rating,
    history.rating_before,
    history.credit_rating
from history
cross join as_of
where
    coalesce(history.previous_rating, '-') <> coalesce(history.rating_before, '-')
    or (history.action_number = 1) <> (history.rating_action = 'initial')
    or (history.action_number = 1 and history.rating_date <> history.listing_date)
    or history.rating_date < history.listing_date
    or history.rating_date > as_of.as_of_date
    or (history.recency = 1 and history.rating <> history.credit_rating)
