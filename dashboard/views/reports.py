"""The six reports of seed 001 (models/reports/rpt_*.sql), one page each."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import Warehouse
from dashboard.formatting import number, pct
from dashboard.views.common import amount, chart, figures, table

ALL = -1


def _advisor_filter(warehouse: Warehouse, label: str = "Advisor") -> int:
    """All advisors, or one (?advisor= in the URL)."""
    advisors = [ALL, *warehouse.query("select distinct advisor_id from marts.dim_clients order by 1")["advisor_id"]]
    wanted = st.query_params.get("advisor")
    index = advisors.index(int(wanted)) if wanted is not None and wanted.isdigit() and int(wanted) in advisors else 0
    chosen = int(
        st.sidebar.selectbox(label, advisors, index=index, format_func=lambda a: "All" if a == ALL else f"Advisor {a}")
    )
    if chosen == ALL:
        st.query_params.pop("advisor", None)
    else:
        st.query_params["advisor"] = str(chosen)
    return chosen


def _portfolio_link(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(drill_down=[f"/portfolio?portfolio={pid}" for pid in frame["portfolio_id"]])


LINK = st.column_config.LinkColumn("Drill down", display_text="open portfolio")


def top_performers(warehouse: Warehouse) -> None:
    st.title("Top performing portfolios, year to date")
    advisor = _advisor_filter(warehouse, "Ranking")
    ranking = warehouse.query(
        "select * from reports.rpt_top_performing_portfolios_ytd "
        "where (? = -1 and ranking_scope = 'firm') or (ranking_scope = 'advisor' and ranking_advisor_id = ?) "
        "order by performance_rank",
        [advisor, advisor],
    )
    if ranking.empty:
        st.info("No portfolio covers the whole year to date in this selection.")
        return
    top = ranking.iloc[0]
    figures(
        [
            ("Top portfolio", f"Portfolio {top['portfolio_id']}"),
            ("Top portfolio's YTD return (TWR)", pct(top["time_weighted_return"])),
            ("Its benchmark", pct(top["benchmark_return"])),
            ("Its excess return", pct(top["excess_return"])),
        ]
    )
    st.caption(
        f"Ranked {'firm-wide' if advisor == ALL else f'in the book of advisor {advisor}'} by time-weighted return "
        f"from {top['period_start_date']:%Y-%m-%d} to {top['period_end_date']:%Y-%m-%d}; portfolios incepted during "
        "the year are left out (reports.rpt_top_performing_portfolios_ytd)."
    )
    ranking["portfolio"] = [
        f"#{rank} · P{pid}" for rank, pid in zip(ranking["performance_rank"], ranking["portfolio_id"], strict=True)
    ]
    chart(charts.returns_against_benchmark(ranking, "portfolio", "YTD return against the benchmark"))
    table(
        _portfolio_link(ranking)[
            [
                "performance_rank",
                "portfolio_id",
                "client_id",
                "advisor_id",
                "strategy_code",
                "currency_code",
                "time_weighted_return",
                "benchmark_return",
                "excess_return",
                "end_value",
                "drill_down",
            ]
        ],
        {
            "performance_rank": "Rank",
            "time_weighted_return": st.column_config.NumberColumn("Return YTD (TWR)", format="percent"),
            "benchmark_return": st.column_config.NumberColumn("Benchmark", format="percent"),
            "excess_return": st.column_config.NumberColumn("Excess", format="percent"),
            "end_value": amount("Value"),
            "drill_down": LINK,
        },
    )


def underweight(warehouse: Warehouse) -> None:
    st.title("Underweight allocations against target")
    advisor = _advisor_filter(warehouse)
    rows = warehouse.query(
        """
        select
            report.*,
            drift.lower_band,
            drift.upper_band,
            'P' || report.portfolio_id || ' · ' || report.asset_class_code as line
        from reports.rpt_underweight_allocations as report
        inner join marts.fct_allocation_drift as drift
            on report.portfolio_id = drift.portfolio_id
            and report.asset_class_code = drift.asset_class_code
            and drift.is_latest
        where ? = -1 or report.advisor_id = ?
        order by report.weight_gap desc, report.portfolio_id
        """,
        [advisor, advisor],
    )
    if rows.empty:
        st.info("No asset class is underweight in this selection.")
        return
    figures(
        [
            ("Underweight lines", f"{len(rows):,}"),
            ("Outside their band", f"{int(rows['is_outside_band'].sum()):,}"),
            ("Portfolios", f"{rows['portfolio_id'].nunique():,}"),
            ("Largest gap", pct(rows["weight_gap"].max())),
        ]
    )
    st.caption(
        "Asset classes below target by at least the report's minimum gap on "
        f"{rows['as_of_date'].iloc[0]:%Y-%m-%d} (reports.rpt_underweight_allocations), with the tolerance band "
        "of marts.fct_allocation_drift."
    )
    by_class = rows.groupby("asset_class_code", as_index=False).agg(
        lines=("portfolio_id", "size"), outside=("is_outside_band", "sum"), to_buy=("amount_to_buy", "sum")
    )
    largest = rows.head(20).rename(columns={"line": "asset_class_code_line"})
    bands = largest.assign(asset_class_code=largest["asset_class_code_line"])
    chart(charts.allocation_bands(bands).properties(title="The 20 largest gaps: actual, target and band"))
    left, right = st.columns([3, 2])
    with left:
        chart(
            alt.Chart(by_class, title="Underweight lines by asset class")
            .mark_bar(color=charts.NEUTRAL)
            .encode(
                y=alt.Y("asset_class_code:N", sort="-x", title=None),
                x=alt.X("lines:Q", title="Lines"),
                tooltip=["asset_class_code:N", "lines:Q", "outside:Q"],
            )
            .properties(height=200)
        )
    with right:
        table(by_class, {"to_buy": amount("Amount to buy (mixed currencies)")})
    table(
        _portfolio_link(rows)[
            [
                "portfolio_id",
                "client_id",
                "advisor_id",
                "strategy_code",
                "asset_class_code",
                "target_weight",
                "actual_weight",
                "weight_gap",
                "lower_band",
                "upper_band",
                "is_outside_band",
                "amount_to_buy",
                "currency_code",
                "drill_down",
            ]
        ],
        {
            "target_weight": st.column_config.NumberColumn("Target", format="percent"),
            "actual_weight": st.column_config.NumberColumn("Actual", format="percent"),
            "weight_gap": st.column_config.NumberColumn("Gap", format="percent"),
            "lower_band": st.column_config.NumberColumn("Band low", format="percent"),
            "upper_band": st.column_config.NumberColumn("Band high", format="percent"),
            "amount_to_buy": amount("To buy"),
            "drill_down": LINK,
        },
        height=400,
    )


def sentiment(warehouse: Warehouse) -> None:
    st.title("Client sentiment against market volatility")
    months = warehouse.query("select * from reports.rpt_client_sentiment_vs_market_volatility order by sentiment_month")
    if months.empty:
        st.info("No sentiment readings in this warehouse.")
        return
    last = months.iloc[-1]
    figures(
        [
            ("Average sentiment, last month", number(last["average_sentiment"], 3)),
            ("Market volatility, last month", pct(last["market_volatility"])),
            (
                f"Correlation over {int(last['correlation_window_months'])} months",
                number(last["sentiment_volatility_correlation"], 2),
            ),
            ("Readings, last month", f"{int(last['reading_count']):,}"),
        ]
    )
    st.caption(
        "Monthly average of the clients' sentiment scores and the realised volatility of "
        f"{last['market_benchmark_code']} "
        "(reports.rpt_client_sentiment_vs_market_volatility)."
    )
    base = alt.Chart(months).encode(x=alt.X("sentiment_month:T", title=None))
    sentiment_line = base.mark_line(color=charts.NEUTRAL).encode(
        y=alt.Y("average_sentiment:Q", title="Average sentiment", axis=alt.Axis(titleColor=charts.NEUTRAL)),
        tooltip=[alt.Tooltip("sentiment_month:T", format="%Y-%m"), alt.Tooltip("average_sentiment:Q", format=".3f")],
    )
    volatility_line = base.mark_line(color=charts.NEGATIVE).encode(
        y=alt.Y(
            "market_volatility:Q",
            title="Market volatility",
            axis=alt.Axis(format="%", titleColor=charts.NEGATIVE),
        ),
        tooltip=[alt.Tooltip("sentiment_month:T", format="%Y-%m"), alt.Tooltip("market_volatility:Q", format=".2%")],
    )
    chart(
        alt.layer(sentiment_line, volatility_line, title="Sentiment (blue) and market volatility (red) by month")
        .resolve_scale(y="independent")
        .properties(height=280)
    )
    chart(
        base.mark_line(point=True, color="#6a1b9a")
        .encode(
            y=alt.Y("sentiment_volatility_correlation:Q", title="Correlation", scale=alt.Scale(domain=[-1, 1])),
            tooltip=[
                alt.Tooltip("sentiment_month:T", format="%Y-%m"),
                alt.Tooltip("sentiment_volatility_correlation:Q", format=".2f"),
            ],
        )
        .properties(title="Rolling correlation of the two monthly series", height=200)
    )
    table(
        months.sort_values("sentiment_month", ascending=False),
        {
            "sentiment_month": st.column_config.DateColumn("Month", format="YYYY-MM"),
            "market_volatility": st.column_config.NumberColumn("Volatility", format="percent"),
        },
        height=300,
    )


def ai_confidence(warehouse: Warehouse) -> None:
    st.title("AI recommendation confidence by sector and month")
    versions = [
        "All",
        *warehouse.query("select distinct model_version from reports.rpt_ai_confidence_by_sector order by 1")[
            "model_version"
        ],
    ]
    version = st.sidebar.selectbox("Model version", versions)
    # across model versions, the mean confidence is the recommendation-weighted mean of each
    # version's mean and the hit rate is hits over outcomes: the report's own counts added up
    cells = warehouse.query(
        """
        select
            sector_name,
            recommendation_month,
            sum(recommendation_count) as recommendations,
            sum(average_confidence * recommendation_count) / sum(recommendation_count) as average_confidence,
            sum(hit_count) as hits,
            sum(outcome_count) as outcomes,
            sum(hit_count) / nullif(sum(outcome_count), 0) as hit_rate
        from reports.rpt_ai_confidence_by_sector
        where ? = 'All' or model_version = ?
        group by sector_name, recommendation_month
        order by recommendation_month, sector_name
        """,
        [version, version],
    )
    if cells.empty:
        st.info("No AI recommendations in this selection.")
        return
    figures(
        [
            ("Recommendations", f"{int(cells['recommendations'].sum()):,}"),
            ("Sectors", f"{cells['sector_name'].nunique()}"),
            ("Months", f"{cells['recommendation_month'].nunique()}"),
            ("Hit rate (all with an outcome)", pct(cells["hits"].sum() / max(1, cells["outcomes"].sum()))),
        ]
    )
    st.caption("reports.rpt_ai_confidence_by_sector; a cell is a sector in a month.")
    heat = (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=alt.X("yearmonth(recommendation_month):O", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=-90)),
            y=alt.Y("sector_name:N", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
            tooltip=[
                "sector_name:N",
                alt.Tooltip("recommendation_month:T", format="%Y-%m"),
                "recommendations:Q",
                alt.Tooltip("average_confidence:Q", format=".3f"),
                alt.Tooltip("hit_rate:Q", format=".1%"),
            ],
        )
    )
    chart(
        heat.encode(
            color=alt.Color("average_confidence:Q", title="Mean confidence", scale=alt.Scale(scheme="blues"))
        ).properties(title="Mean confidence", height=130 + 24 * cells["sector_name"].nunique())
    )
    chart(
        heat.encode(
            color=alt.Color(
                "hit_rate:Q", title="Hit rate", scale=alt.Scale(scheme="redyellowgreen"), legend=alt.Legend(format="%")
            )
        ).properties(
            title="Hit rate (recommendations with an outcome)", height=130 + 24 * cells["sector_name"].nunique()
        )
    )
    by_sector = cells.groupby("sector_name", as_index=False).agg(
        recommendations=("recommendations", "sum"), hits=("hits", "sum"), outcomes=("outcomes", "sum")
    )
    by_sector["hit_rate"] = by_sector["hits"] / by_sector["outcomes"].where(by_sector["outcomes"] > 0)
    table(by_sector, {"hit_rate": st.column_config.NumberColumn("Hit rate", format="percent")})


def goals(warehouse: Warehouse) -> None:
    st.title("Clients nearing their goals")
    advisor = _advisor_filter(warehouse)
    rows = warehouse.query(
        "select * from reports.rpt_clients_nearing_goals where ? = -1 or advisor_id = ? "
        "order by success_probability desc, goal_id",
        [advisor, advisor],
    )
    if rows.empty:
        st.info("No goal is near in this selection.")
        return
    figures(
        [
            ("Goals near", f"{len(rows):,}"),
            ("Nearly funded", f"{int(rows['is_nearly_funded'].sum()):,}"),
            ("Due within the horizon", f"{int(rows['is_due_soon'].sum()):,}"),
            ("Off track or at risk", f"{int((rows['proximity_status'] != 'on_track').sum()):,}"),
        ]
    )
    st.caption("Goals funded to the report's ratio or due within its horizon (reports.rpt_clients_nearing_goals).")
    left, right = st.columns([3, 2])
    with left:
        chart(
            alt.Chart(rows, title="Funded ratio against time to target")
            .mark_circle(opacity=0.75)
            .encode(
                x=alt.X("years_to_target:Q", title="Years to target"),
                y=alt.Y("funded_ratio:Q", title="Funded ratio", axis=alt.Axis(format="%")),
                color=alt.Color(
                    "proximity_status:N",
                    title="Status",
                    scale=alt.Scale(
                        domain=["on_track", "at_risk", "off_track"], range=[charts.POSITIVE, "#f9a825", charts.NEGATIVE]
                    ),
                    legend=alt.Legend(orient="top"),
                ),
                size=alt.Size("success_probability:Q", title="P(success)", legend=None),
                tooltip=[
                    "goal_id:Q",
                    "client_id:Q",
                    "goal_type:N",
                    alt.Tooltip("funded_ratio:Q", format=".1%"),
                    alt.Tooltip("success_probability:Q", format=".1%"),
                    alt.Tooltip("years_to_target:Q", format=".2f"),
                ],
            )
            .properties(height=320)
        )
    with right:
        status = rows.groupby(["goal_type", "proximity_status"], as_index=False).size()
        chart(charts.counts_by(status, "goal_type", "size", "proximity_status", "Goals by type and status"))
    table(
        rows.assign(drill_down=[f"/client?client={cid}" for cid in rows["client_id"]])[
            [
                "goal_id",
                "client_id",
                "advisor_id",
                "goal_type",
                "priority_level",
                "target_date",
                "target_amount",
                "current_value",
                "funded_ratio",
                "success_probability",
                "proximity_status",
                "currency_code",
                "drill_down",
            ]
        ],
        {
            "target_amount": amount("Target"),
            "current_value": amount("Current value"),
            "funded_ratio": st.column_config.NumberColumn("Funded", format="percent"),
            "success_probability": st.column_config.NumberColumn("P(success)", format="percent"),
            "drill_down": st.column_config.LinkColumn("Drill down", display_text="open household"),
        },
        height=400,
    )


def alerts(warehouse: Warehouse) -> None:
    st.title("Risk alerts and compliance flags, with ageing")
    advisor = _advisor_filter(warehouse)
    status = st.sidebar.selectbox("Status", ["open", "resolved", "all"])
    rows = warehouse.query(
        "select * from reports.rpt_risk_alerts_overview "
        "where (? = -1 or advisor_id = ?) and (? = 'all' or item_status = ?)",
        [advisor, advisor, status, status],
    )
    if rows.empty:
        st.info("No alert or flag in this selection.")
        return
    figures(
        [
            ("Items", f"{int(rows['item_count'].sum()):,}"),
            ("Risk alerts", f"{int(rows.loc[rows['item_source'] == 'risk_alert', 'item_count'].sum()):,}"),
            ("Regulatory flags", f"{int(rows.loc[rows['item_source'] == 'regulatory_flag', 'item_count'].sum()):,}"),
            ("High severity", f"{int(rows.loc[rows['severity'] == 'high', 'item_count'].sum()):,}"),
            ("Oldest age (days)", f"{int(rows['max_age_days'].max()):,}"),
        ]
    )
    st.caption("reports.rpt_risk_alerts_overview: counts by type, severity, advisor, status and age bucket.")
    buckets = list(rows.sort_values("ageing_order")["ageing_bucket"].drop_duplicates())
    chart(
        alt.Chart(rows, title="Items by type and age")
        .mark_bar()
        .encode(
            y=alt.Y("item_type:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
            x=alt.X("sum(item_count):Q", title="Items"),
            color=alt.Color(
                "ageing_bucket:N",
                title="Age",
                sort=buckets,
                scale=alt.Scale(scheme="orangered"),
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("ageing_order:Q"),
            tooltip=["item_type:N", "ageing_bucket:N", alt.Tooltip("sum(item_count):Q", title="items")],
        )
        .properties(height=110 + 30 * rows["item_type"].nunique())
    )
    summary = rows.groupby(["item_source", "item_type", "severity"], as_index=False).agg(
        items=("item_count", "sum"), oldest_raised=("oldest_raised_date", "min"), max_age_days=("max_age_days", "max")
    )
    table(summary.sort_values("items", ascending=False))
