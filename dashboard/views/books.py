"""An advisor's book, a client household, and the drill-down to one portfolio."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import charts, queries
from dashboard.data import Warehouse
from dashboard.filters import PERIOD_NAMES, choose_period, choose_scope
from dashboard.formatting import money, pct
from dashboard.views.common import amount, chart, figures, period_figures, period_table, table


def _period(warehouse: Warehouse, entity_type: str, entity_id: int, period: str) -> tuple[pd.DataFrame, pd.Series]:
    frame = queries.periods(warehouse, entity_type, entity_id)
    row = queries.period_row(frame, period)
    if row is None:
        row = queries.period_row(frame, "SI")
    if row is None:
        st.warning(f"No performance for this {entity_type} in this warehouse.")
        st.stop()
    if row["period_code"] != period:
        st.info(f"No {PERIOD_NAMES[period].lower()} period here: since inception is shown.")
    return frame, row


def _growth_and_calendar(growth: pd.DataFrame, calendar: pd.DataFrame, period: str) -> None:
    chart(charts.growth(growth, f"Growth of 1 against the benchmark, {PERIOD_NAMES[period].lower()}"))
    chart(charts.monthly_heatmap(calendar))


def advisor(warehouse: Warehouse) -> None:
    scope = choose_scope(warehouse, "advisor")
    period = choose_period("YTD")
    st.title(f"Advisor {scope.advisor_id}: the book")
    frame, row = _period(warehouse, "advisor", scope.advisor_id, period)
    currency = str(row["currency_code"])
    clients = warehouse.query(
        """
        select
            clients.client_id,
            clients.client_key,
            clients.segment_code,
            clients.risk_profile,
            performance.end_value,
            performance.time_weighted_return,
            performance.benchmark_return,
            compliance.risk_alert_count,
            compliance.needs_review
        from marts.dim_clients as clients
        left join marts.fct_performance_periods as performance
            on performance.entity_type = 'client'
            and performance.entity_id = clients.client_id
            and performance.period_code = ?
        left join marts.fct_client_compliance as compliance on clients.client_id = compliance.client_id
        where clients.advisor_id = ?
        order by performance.end_value desc nulls last, clients.client_id
        """,
        [row["period_code"], scope.advisor_id],
    )
    figures(
        [
            ("Book value", money(row["end_value"], currency)),
            (f"Return {row['period_code']} (TWR)", pct(row["time_weighted_return"])),
            (f"Benchmark {row['period_code']}", pct(row["benchmark_return"])),
            ("Clients", f"{len(clients):,}"),
            ("Clients to review", f"{int(clients['needs_review'].fillna(False).sum()):,}"),
        ]
    )
    growth = queries.group_growth(warehouse, "advisor", scope.advisor_id, row["anchor_date"])
    calendar = queries.monthly_returns(warehouse, "advisor", scope.advisor_id, row["period_start_date"].year)
    _growth_and_calendar(growth, calendar, str(row["period_code"]))
    months = queries.monthly_periods(warehouse, "advisor", scope.advisor_id)
    left, right = st.columns(2)
    with left:
        chart(charts.area_by_month(months, "end_value", "Book value at month end", currency))
    with right:
        chart(charts.monthly_bars(months, "net_external_flow", "Net external flows by month", currency))
    period_table(frame)
    st.subheader("Clients")
    table(
        clients.assign(drill_down=[f"/client?client={cid}" for cid in clients["client_id"]]),
        {
            "end_value": amount(f"Value ({currency})"),
            "time_weighted_return": st.column_config.NumberColumn(f"Return {row['period_code']}", format="percent"),
            "benchmark_return": st.column_config.NumberColumn("Benchmark", format="percent"),
            "risk_alert_count": "Alerts",
            "needs_review": "Review",
            "drill_down": st.column_config.LinkColumn("Drill down", display_text="open household"),
        },
        height=420,
    )


def client(warehouse: Warehouse) -> None:
    scope = choose_scope(warehouse, "client")
    period = choose_period("YTD")
    assert scope.client_id is not None
    st.title(f"Client household {scope.client_id}")
    frame, row = _period(warehouse, "client", scope.client_id, period)
    statements = warehouse.query(
        "select * from marts.fct_client_statements_monthly where entity_type = 'client' and client_id = ? "
        "order by statement_month",
        [scope.client_id],
    )
    portfolios = warehouse.query(
        """
        select portfolios.portfolio_id, portfolios.portfolio_name, portfolios.account_type, portfolios.strategy_code,
               portfolios.base_currency_code, performance.end_value, performance.time_weighted_return,
               performance.benchmark_return
        from marts.dim_portfolios as portfolios
        left join marts.fct_performance_periods as performance
            on performance.entity_type = 'portfolio'
            and performance.portfolio_id = portfolios.portfolio_id
            and performance.period_code = ?
        where portfolios.client_id = ?
        order by portfolios.portfolio_id
        """,
        [row["period_code"], scope.client_id],
    )
    goals = warehouse.query(
        "select * from marts.fct_goal_proximity where client_id = ? order by target_date, goal_id", [scope.client_id]
    )
    last = statements.iloc[-1] if not statements.empty else None
    currency = str(last["currency_code"]) if last is not None else str(row["currency_code"])
    figures(
        [
            (
                f"Closing value {last['statement_month']:%Y-%m}" if last is not None else "Closing value",
                money(last["closing_value"] if last is not None else None, currency),
            ),
            (f"Return {row['period_code']} (TWR)", pct(row["time_weighted_return"])),
            (f"Benchmark {row['period_code']}", pct(row["benchmark_return"])),
            ("Portfolios", f"{len(portfolios)}"),
            ("Goals", f"{len(goals)}"),
        ]
    )
    growth = queries.group_growth(warehouse, "client", scope.client_id, row["anchor_date"])
    calendar = queries.monthly_returns(warehouse, "client", scope.client_id, row["period_start_date"].year)
    _growth_and_calendar(growth, calendar, str(row["period_code"]))
    left, right = st.columns(2)
    months = statements.rename(columns={"statement_month": "month"})
    with left:
        chart(charts.area_by_month(months, "closing_value", "Household value at month end", currency))
    with right:
        chart(charts.monthly_bars(months, "net_external_flow", "Net external flows by month", currency))
    st.subheader("Portfolios")
    st.markdown(
        "  \n".join(
            f"[Portfolio {p.portfolio_id} · {p.portfolio_name} ({p.strategy_code}, {p.base_currency_code})]"
            f"(/portfolio?portfolio={p.portfolio_id})"
            for p in portfolios.itertuples()
        )
    )
    table(
        portfolios,
        {
            "end_value": amount("Value"),
            "time_weighted_return": st.column_config.NumberColumn(f"Return {row['period_code']}", format="percent"),
            "benchmark_return": st.column_config.NumberColumn("Benchmark", format="percent"),
        },
    )
    period_table(frame)
    st.subheader("Monthly statements: the value bridge")
    table(
        statements.sort_values("statement_month", ascending=False)[
            [
                "statement_month",
                "opening_value",
                "deposits",
                "withdrawals",
                "income",
                "fees",
                "investment_result",
                "closing_value",
                "time_weighted_return",
            ]
        ],
        {
            "statement_month": st.column_config.DateColumn("Month", format="YYYY-MM"),
            **{
                name: amount(name.replace("_", " ").capitalize())
                for name in (
                    "opening_value",
                    "deposits",
                    "withdrawals",
                    "income",
                    "fees",
                    "investment_result",
                    "closing_value",
                )
            },
            "time_weighted_return": st.column_config.NumberColumn("Return", format="percent"),
        },
        height=300,
    )
    _goals(goals)


def _goals(goals: pd.DataFrame) -> None:
    st.subheader("Goals")
    if goals.empty:
        st.caption("No goal (marts.fct_goal_proximity).")
        return
    goals = goals.assign(goal=[f"Goal {g} · {t}" for g, t in zip(goals["goal_id"], goals["goal_type"], strict=True)])
    left, right = st.columns([2, 3])
    with left:
        chart(
            alt.Chart(goals, title="Probability of success")
            .mark_bar()
            .encode(
                y=alt.Y("goal:N", title=None),
                x=alt.X(
                    "success_probability:Q",
                    title="P(success)",
                    scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(format="%"),
                ),
                color=alt.Color(
                    "proximity_status:N",
                    title="Status",
                    scale=alt.Scale(
                        domain=["on_track", "at_risk", "off_track"], range=[charts.POSITIVE, "#f9a825", charts.NEGATIVE]
                    ),
                    legend=alt.Legend(orient="top"),
                ),
                tooltip=["goal:N", alt.Tooltip("success_probability:Q", format=".1%"), "proximity_status:N"],
            )
            .properties(height=180 + 40 * len(goals))
        )
    with right:
        long = goals.melt(
            id_vars="goal", value_vars=["current_value", "projected_value", "target_amount"], var_name="amount"
        )
        chart(
            alt.Chart(long, title="Now, projected at the target date, and the target")
            .mark_bar()
            .encode(
                y=alt.Y("goal:N", title=None),
                yOffset=alt.YOffset("amount:N", sort=["current_value", "projected_value", "target_amount"]),
                x=alt.X("value:Q", title=None, axis=alt.Axis(format="~s")),
                color=alt.Color(
                    "amount:N",
                    sort=["current_value", "projected_value", "target_amount"],
                    scale=alt.Scale(range=[charts.NEUTRAL, "#64b5f6", charts.BENCHMARK]),
                    legend=alt.Legend(orient="top", title=None),
                ),
                tooltip=["goal:N", "amount:N", alt.Tooltip("value:Q", format=",.0f")],
            )
            .properties(height=110 + 60 * len(goals))
        )
    table(
        goals[
            [
                "goal_id",
                "goal_type",
                "funding_portfolio_id",
                "target_date",
                "years_to_target",
                "target_amount",
                "current_value",
                "projected_value",
                "funded_ratio",
                "required_return",
                "success_probability",
                "proximity_status",
                "currency_code",
            ]
        ],
        {
            "years_to_target": st.column_config.NumberColumn("Years", format="%.1f"),
            "target_amount": amount("Target"),
            "current_value": amount("Now"),
            "projected_value": amount("Projected"),
            "funded_ratio": st.column_config.NumberColumn("Funded", format="percent"),
            "required_return": st.column_config.NumberColumn("Required return", format="percent"),
            "success_probability": st.column_config.NumberColumn("P(success)", format="percent"),
        },
    )


def portfolio(warehouse: Warehouse) -> None:
    scope = choose_scope(warehouse, "portfolio")
    period = choose_period("SI")
    assert scope.portfolio_id is not None
    pid = scope.portfolio_id
    st.title(f"Portfolio {pid}")
    frame, row = _period(warehouse, "portfolio", pid, period)
    currency = str(row["currency_code"])
    st.caption(
        f"Client {scope.client_id}, advisor {scope.advisor_id}; {PERIOD_NAMES[str(row['period_code'])]} from "
        f"{row['period_start_date']:%Y-%m-%d} to {row['period_end_date']:%Y-%m-%d}, in {currency}."
    )
    period_figures(row, currency)

    growth = queries.portfolio_growth(warehouse, pid, row["anchor_date"])
    calendar = queries.monthly_returns(warehouse, "portfolio", pid, row["period_start_date"].year)
    _growth_and_calendar(growth, calendar, str(row["period_code"]))

    st.subheader("Drawdowns")
    drawdowns = warehouse.query(
        "select * from marts.fct_portfolio_drawdowns where portfolio_id = ? order by drawdown_rank", [pid]
    )
    left, right = st.columns([3, 2])
    with left:
        chart(charts.underwater(queries.underwater(warehouse, pid, row["period_start_date"])))
    with right:
        table(
            drawdowns[
                [
                    "drawdown_rank",
                    "drawdown_depth",
                    "peak_date",
                    "trough_date",
                    "recovery_date",
                    "duration_trading_days",
                ]
            ],
            {
                "drawdown_rank": "Rank",
                "drawdown_depth": st.column_config.NumberColumn("Depth", format="percent"),
                "duration_trading_days": "Days",
            },
        )
    risk = warehouse.query(
        "select return_date as day, rolling_volatility, rolling_sharpe_ratio, rolling_beta "
        "from marts.fct_portfolio_rolling_risk_daily where portfolio_id = ? and return_date >= ? order by day",
        [pid, row["period_start_date"]],
    )
    risk = risk.dropna(subset=["rolling_volatility"])
    if not risk.empty:
        left, right = st.columns(2)
        for column, field, title, axis in (
            (left, "rolling_volatility", "Rolling 252-day volatility", "%"),
            (right, "rolling_beta", "Rolling 252-day beta", ".2f"),
        ):
            with column:
                chart(
                    alt.Chart(risk, title=title)
                    .mark_line(strokeWidth=1.2, color=charts.NEUTRAL)
                    .encode(
                        x=alt.X("day:T", title=None),
                        y=alt.Y(f"{field}:Q", title=None, axis=alt.Axis(format=axis), scale=alt.Scale(zero=False)),
                        tooltip=[alt.Tooltip("day:T"), alt.Tooltip(f"{field}:Q", format=".3f")],
                    )
                    .properties(height=180)
                )

    st.subheader("Allocation against target")
    drift = warehouse.query(
        "select asset_class_code, actual_weight, target_weight, lower_band, upper_band, drift, is_outside_band, "
        "market_value, amount_to_target, allocation_date "
        "from marts.fct_allocation_drift where portfolio_id = ? and is_latest order by target_weight desc",
        [pid],
    )
    chart(charts.allocation_bands(drift))
    table(
        drift.drop(columns="allocation_date"),
        {
            "actual_weight": st.column_config.NumberColumn("Actual", format="percent"),
            "target_weight": st.column_config.NumberColumn("Target", format="percent"),
            "lower_band": st.column_config.NumberColumn("Band low", format="percent"),
            "upper_band": st.column_config.NumberColumn("Band high", format="percent"),
            "drift": st.column_config.NumberColumn("Drift", format="percent"),
            "market_value": amount("Value"),
            "amount_to_target": amount("To target"),
        },
    )

    st.subheader("Holdings")
    holdings = warehouse.query(
        """
        select securities.ticker, securities.security_name, securities.asset_class_code, securities.sector_name,
               holdings.quantity, holdings.close_price, holdings.currency_code, holdings.market_value,
               holdings.unrealised_gain, holdings.portfolio_weight, holdings.as_of_date
        from marts.fct_holdings as holdings
        inner join marts.dim_securities as securities on holdings.security_id = securities.security_id
        where holdings.portfolio_id = ?
        order by holdings.market_value desc
        """,
        [pid],
    )
    if holdings.empty:
        st.caption("No holdings on the as-of date (marts.fct_holdings).")
    else:
        left, right = st.columns([2, 3])
        with left:
            chart(
                alt.Chart(holdings.head(15), title="Largest holdings by weight")
                .mark_bar(color=charts.NEUTRAL)
                .encode(
                    y=alt.Y("ticker:N", sort="-x", title=None),
                    x=alt.X("portfolio_weight:Q", title="Weight", axis=alt.Axis(format="%")),
                    tooltip=["ticker:N", "security_name:N", alt.Tooltip("portfolio_weight:Q", format=".2%")],
                )
                .properties(height=max(120, 22 * min(15, len(holdings))))
            )
        with right:
            table(
                holdings.drop(columns="as_of_date"),
                {
                    "market_value": amount(f"Value ({currency})"),
                    "unrealised_gain": amount("Unrealised gain"),
                    "portfolio_weight": st.column_config.NumberColumn("Weight", format="percent"),
                    "close_price": st.column_config.NumberColumn("Price", format="%.2f"),
                },
                height=360,
            )
    goals = warehouse.query(
        "select * from marts.fct_goal_proximity where funding_portfolio_id = ? order by target_date, goal_id", [pid]
    )
    _goals(goals)
    period_table(frame)
