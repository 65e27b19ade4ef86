-- A referred client was onboarded after the client who referred them, on the referral date.
select
    referrals.referral_id,
    referrals.referral_date,
    referrer.onboarding_date as referrer_onboarding_date,
    referred.onboarding_date as referred_onboarding_date
from {{ ref('stg_referral_programs') }} as referrals
inner join {{ ref('stg_clients') }} as referrer
    on referrals.referrer_client_id = referrer.client_id
inner join {{ ref('stg_clients') }} as referred
    on referrals.referred_client_id = referred.client_id
where
    referred.onboarding_date <= referrer.onboarding_date
    or referrals.referral_date <> referred.onboarding_date
