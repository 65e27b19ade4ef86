-- Billing reconciliation: every invoice against the fee it should carry. The basis is
-- recomputed as the average of the portfolio's month-end market values inside the billing
-- period (fct_portfolio_valuation_daily), the annual fee by the marginal tiers of the
-- invoice's fee schedule (seed fee_tiers), a quarter of it pro rata to the months valued,
-- rounded to the cent. An invoice disagrees when its amount is off by more than
-- report_settings.billing_tolerance: basis_overstated when its stated average AUM is also
-- above the recomputed one, rate_misapplied when the basis agrees but the fee does not.
with settings as (
    select setting_value as tolerance
    from {{ ref('report_settings') }}
    where setting_code = 'billing_tolerance'
),

invoices as (
    select *
    from {{ ref('stg_billing_invoices') }}
),

month_end_values as (
    select
        valuations.portfolio_id,
        valuations.valuation_date,
        valuations.market_value
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join {{ ref('int_trading_days') }} as days
        on valuations.valuation_date = days.trading_date
    where days.is_month_end
),

recomputed_bases as (
    select
        invoices.invoice_id,
        avg(month_end_values.market_value) as recomputed_average_aum,
        count(*) as months_valued
    from invoices
    inner join month_end_values
        on
            invoices.portfolio_id = month_end_values.portfolio_id
            and month_end_values.valuation_date between invoices.billing_period_start and invoices.billing_period_end
    group by invoices.invoice_id
),

bases as (
    select
        invoices.invoice_id,
        invoices.fee_schedule_code,
        recomputed_bases.recomputed_average_aum,
        recomputed_bases.months_valued,
        invoices.average_aum as stated_average_aum
    from invoices
    inner join recomputed_bases
        on invoices.invoice_id = recomputed_bases.invoice_id
),

annual_fees as (
    -- marginal tiers: each tier's rate on the part of the basis between its floor and ceiling
    select
        bases.invoice_id,
        sum(
            greatest(
                least(bases.recomputed_average_aum, coalesce(tiers.aum_ceiling, bases.recomputed_average_aum))
                - tiers.aum_floor,
                0
            ) * tiers.annual_rate
        ) as annual_fee
    from bases
    inner join {{ ref('fee_tiers') }} as tiers
        on bases.fee_schedule_code = tiers.fee_schedule_code
    group by bases.invoice_id
),

expected as (
    select
        bases.*,
        round(annual_fees.annual_fee / 4 * bases.months_valued / 3, 2) as expected_amount
    from bases
    inner join annual_fees
        on bases.invoice_id = annual_fees.invoice_id
)

select
    cast(invoices.invoice_id as bigint) as invoice_id,
    cast(invoices.client_id as bigint) as client_id,
    cast(invoices.portfolio_id as bigint) as portfolio_id,
    cast(invoices.invoice_date as date) as invoice_date,
    cast(invoices.billing_period_start as date) as billing_period_start,
    cast(invoices.billing_period_end as date) as billing_period_end,
    cast(invoices.fee_schedule_code as string) as fee_schedule_code,
    cast(invoices.currency_code as string) as currency_code,
    cast(invoices.months_billed as int) as months_billed,
    cast(expected.months_valued as int) as months_valued,
    cast(expected.stated_average_aum as double) as stated_average_aum,
    cast(expected.recomputed_average_aum as double) as recomputed_average_aum,
    cast(invoices.amount as double) as invoiced_amount,
    cast(expected.expected_amount as double) as expected_amount,
    cast(invoices.amount - expected.expected_amount as double) as difference,
    cast(abs(invoices.amount - expected.expected_amount) > settings.tolerance as boolean) as is_discrepancy,
    cast(
        case
            when abs(invoices.amount - expected.expected_amount) <= settings.tolerance then 'none'
            when expected.stated_average_aum - expected.recomputed_average_aum > settings.tolerance
                then 'basis_overstated'
            when abs(expected.stated_average_aum - expected.recomputed_average_aum) <= settings.tolerance
                then 'rate_misapplied'
            else 'other'
        end as string
    ) as discrepancy_kind
from invoices
cross join settings
inner join expected
    on invoices.invoice_id = expected.invoice_id
