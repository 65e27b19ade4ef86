{%- set tolerance = var('irr_tolerance') -%}
-- Money-weighted return (IRR) of every entity and period: the rate m that makes the anchor
-- value, grown to the period's end, plus every external flow grown from its day, equal the
-- end value:  V0 (1 + m) + sum_i CF_i (1 + m)^(1 - t_i) = V1,  t_i = days from the anchor to
-- the flow / days in the period. Flows are at the end of their day, as in the TWR.
-- Without flows the rate is V1 / V0 - 1 (when both values are positive). With flows it is
-- solved portably (no recursive CTE, which Spark 3.5 lacks): a Modified Dietz start, then
-- a fixed number of Newton steps unrolled by a Jinja loop, each a window sum over the
-- period's cash flows. A step that would leave m <= -1 goes half way to -1 instead. The
-- result is kept only where the solver converged (relative residual and last step within
-- the tolerance); otherwise it is null and is_converged is false.
with periods as (
    select
        period_key,
        anchor_date,
        period_end_date,
        {{ dbt.datediff('anchor_date', 'period_end_date', 'day') }} as period_length_days,
        start_value,
        end_value
    from {{ ref('int_performance_periods') }}
),

solvable_periods as (
    select *
    from periods
    where period_length_days > 0
),

flow_days as (
    select
        entity_type,
        entity_id,
        return_date,
        net_external_flow + net_transfer_flow as cash_flow,
        {{ with_calendar_starts('return_date') }}
    from {{ ref('int_performance_entity_days') }}
    where net_external_flow + net_transfer_flow != 0
),

flow_periods as (
    select *
    from {{ ref('int_performance_periods') }}
),

period_flows as (
    {{ days_in_periods('flow_days', 'flow_periods') }}
),

flowing_periods as (
    select solvable_periods.*
    from solvable_periods
    where solvable_periods.period_key in (select period_flows.period_key from period_flows)
),

cash_flows as (
    -- the anchor value at t = 0, each flow at its day, the end value (negative) at t = 1
    select
        period_key,
        cast(0 as double) as time_fraction,
        start_value as cash_flow
    from flowing_periods
    union all
    select
        period_flows.period_key,
        cast({{ dbt.datediff('solvable_periods.anchor_date', 'period_flows.return_date', 'day') }} as double)
        / solvable_periods.period_length_days as time_fraction,
        period_flows.cash_flow
    from period_flows
    inner join solvable_periods
        on
            period_flows.period_key = solvable_periods.period_key
    union all
    select
        period_key,
        cast(1 as double) as time_fraction,
        -end_value as cash_flow
    from flowing_periods
),

iteration_0 as (
    -- Modified Dietz: gain over the time-weighted capital
    select
        *,
        coalesce(
            sum(-cash_flow) over (partition by period_key)
            / nullif(sum(
                case when time_fraction < 1 then cash_flow * (1 - time_fraction) else 0 end
            ) over (partition by period_key), 0),
            0
        ) as rate,
        sum(abs(cash_flow)) over (partition by period_key) as flow_scale
    from cash_flows
),

{% for step in range(1, var('irr_newton_steps') + 1) %}
    iteration_{{ step }} as (
        select
            period_key,
            time_fraction,
            cash_flow,
            flow_scale,
            rate as previous_rate,
            case
                when 1 + rate - newton_step <= 0 then (rate - 1) / 2
                else rate - newton_step
            end as rate
        from (
            select
                *,
                coalesce(
                    sum(cash_flow * power(1 + rate, 1 - time_fraction))
                        over (
                            partition by period_key
                        )
                    / nullif(sum(cash_flow * (1 - time_fraction) * power(1 + rate, -time_fraction)) over (
                        partition by period_key
                    ), 0),
                    0
                ) as newton_step
            from iteration_{{ step - 1 }}
        ) as with_step
    ),
{% endfor %}

newton_solutions as (
    select
        period_key,
        max(rate) as rate,
        max(abs(rate - previous_rate)) as last_step,
        abs(sum(cash_flow * power(1 + rate, 1 - time_fraction))) / max(flow_scale) as relative_residual
    from iteration_{{ var('irr_newton_steps') }}
    group by period_key
),

solutions as (
    select * from newton_solutions
    union all
    select
        solvable_periods.period_key,
        solvable_periods.end_value / solvable_periods.start_value - 1 as rate,
        cast(0 as double) as last_step,
        abs(
            solvable_periods.start_value * (solvable_periods.end_value / solvable_periods.start_value)
            - solvable_periods.end_value
        ) / (solvable_periods.start_value + solvable_periods.end_value) as relative_residual
    from solvable_periods
    left join flowing_periods
        on solvable_periods.period_key = flowing_periods.period_key
    where
        flowing_periods.period_key is null
        and solvable_periods.start_value > 0
        and solvable_periods.end_value > 0
)

select
    cast(periods.period_key as bigint) as period_key,
    cast(
        case
            when solutions.relative_residual <= {{ tolerance }} and solutions.last_step <= {{ tolerance }}
                then solutions.rate
        end as double
    ) as money_weighted_return,
    cast(
        case
            when
                solutions.relative_residual <= {{ tolerance }}
                and solutions.last_step <= {{ tolerance }}
                and periods.period_length_days >= {{ var('days_per_year') }}
                then power(1 + solutions.rate, {{ var('days_per_year') }}.0 / periods.period_length_days) - 1
        end as double
    ) as annualised_money_weighted_return,
    cast(
        coalesce(
            solutions.relative_residual <= {{ tolerance }} and solutions.last_step <= {{ tolerance }}, false
        ) as boolean
    )
        as is_converged
from periods
left join solutions
    on
        periods.period_key = solutions.period_key
