select
    referral_id,
    referrer_client_id,
    referred_client_id,
    referral_date,
    program_name,
    cast(reward_amount as double) as reward_amount,
    currency_code,
    reward_status
from {{ source('workplace', 'referral_programs') }}
