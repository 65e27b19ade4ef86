"""The firm: AUM and net flows by month, returns against the benchmark, alerts by type."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries
from dashboard.data import Warehouse
from dashboard.filters import PERIOD_NAMES, choose_period
from dashboard.formatting import money, pct
from dashboard.views.common import amount, chart, figures, period_table, table

FIRM_ID = 0


def firm(warehouse: Warehouse) -> None:
    st.title("The firm")
    period = choose_period("YTD")
    periods = queries.periods(warehouse, "firm", FIRM_ID)
    row = queries.period_row(periods, period)
    if row is None:
        st.warning(f"The firm has no {PERIOD_NAMES[period]} period in this warehouse.")
        return
    currency = str(row["currency_code"])
    alerts = warehouse.query(
        "select alert_type, severity, count(*) as alerts, count(distinct client_id) as clients "
        "from marts.fct_risk_alerts group by alert_type, severity order by alerts desc"
    )
    figures(
        [
            ("AUM", money(row["end_value"], currency)),
            (f"Return {period} (TWR)", pct(row["time_weighted_return"])),
            (f"Benchmark {period}", pct(row["benchmark_return"])),
            (f"Net flows {period}", money(row["net_external_flow"], currency)),
            ("Open risk alerts", f"{int(alerts['alerts'].sum()):,}"),
        ]
    )
    st.caption(
        f"{PERIOD_NAMES[period]}: {row['period_start_date']:%Y-%m-%d} to {row['period_end_date']:%Y-%m-%d}, "
        f"in {currency} (marts.fct_performance_periods, entity firm)."
    )

    months = queries.monthly_periods(warehouse, "firm", FIRM_ID)
    left, right = st.columns(2)
    with left:
        chart(charts.area_by_month(months, "end_value", "Assets under management at month end", currency))
    with right:
        chart(charts.monthly_bars(months, "net_external_flow", "Net external flows by month", currency))
    with st.expander("AUM and net flows by month (the numbers)"):
        table(
            months.sort_values("month", ascending=False),
            {
                "month": st.column_config.DateColumn("Month", format="YYYY-MM"),
                "end_value": amount("AUM at month end"),
                "net_external_flow": amount("Net flows"),
                "time_weighted_return": st.column_config.NumberColumn("Return", format="percent"),
                "benchmark_return": st.column_config.NumberColumn("Benchmark", format="percent"),
            },
        )

    st.subheader("Returns against the benchmark")
    left, right = st.columns(2)
    with left:
        growth = queries.group_growth(warehouse, "firm", FIRM_ID, row["anchor_date"])
        chart(charts.growth(growth, f"Growth of 1, {PERIOD_NAMES[period].lower()}"))
    with right:
        chart(charts.returns_against_benchmark(periods, "period_code", "Return and benchmark by period"))
    period_table(periods)
    yearly = queries.monthly_returns(warehouse, "firm", FIRM_ID, 0)
    chart(charts.monthly_heatmap(yearly))

    st.subheader("Risk alerts by type")
    left, right = st.columns([3, 2])
    with left:
        chart(charts.counts_by(alerts, "alert_type", "alerts", "severity", "Open risk alerts by type and severity"))
    with right:
        table(alerts, {"alerts": "Alerts", "clients": "Clients"})
