"""The charts (Vega-Lite through Altair): each takes a frame read from the marts and draws it;
none computes a metric."""

from __future__ import annotations

import altair as alt
import pandas as pd

POSITIVE, NEGATIVE, NEUTRAL, BENCHMARK = "#2e7d32", "#c62828", "#1f4e79", "#9e9e9e"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def growth(frame: pd.DataFrame, title: str = "Growth of 1 against the benchmark") -> alt.Chart:
    """Lines of the growth index (`growth`) and the benchmark's (`benchmark_growth`) by `day`."""
    long = frame.melt(id_vars="day", value_vars=["growth", "benchmark_growth"], var_name="series", value_name="index")
    long["series"] = long["series"].map({"growth": "TWR index", "benchmark_growth": "Benchmark"})
    return (
        alt.Chart(long, title=title)
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("index:Q", title="Growth of 1", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=["TWR index", "Benchmark"], range=[NEUTRAL, BENCHMARK]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[alt.Tooltip("day:T"), "series:N", alt.Tooltip("index:Q", format=".4f")],
        )
        .properties(height=280)
    )


def underwater(frame: pd.DataFrame) -> alt.Chart:
    """The drawdown below the running high (`drawdown`, <= 0) by `day`."""
    return (
        alt.Chart(frame, title="Underwater: drawdown from the running high")
        .mark_area(color=NEGATIVE, opacity=0.6, line={"color": NEGATIVE, "strokeWidth": 1})
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("drawdown:Q", title="Drawdown", axis=alt.Axis(format="%")),
            tooltip=[alt.Tooltip("day:T"), alt.Tooltip("drawdown:Q", format=".2%")],
        )
        .properties(height=200)
    )


def monthly_heatmap(frame: pd.DataFrame) -> alt.LayerChart:
    """A calendar heatmap from a fct_monthly_returns frame (a row per year, a column per month)."""
    columns = [f"{month.lower()}_return" for month in MONTHS]
    long = frame.melt(id_vars="calendar_year", value_vars=[*columns, "year_return"], var_name="month", value_name="r")
    long["month"] = long["month"].map({**dict(zip(columns, MONTHS, strict=True)), "year_return": "Year"})
    long = long.dropna(subset=["r"])
    extent = max(0.01, float(long.loc[long["month"] != "Year", "r"].abs().max() or 0.01))
    base = alt.Chart(long, title="Monthly returns").encode(
        x=alt.X("month:N", sort=[*MONTHS, "Year"], title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("calendar_year:O", title=None, axis=alt.Axis(labelOverlap=False)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "r:Q",
            title="Return",
            scale=alt.Scale(scheme="redyellowgreen", domain=[-extent, extent], clamp=True),
            legend=alt.Legend(format="%"),
        ),
        tooltip=["calendar_year:O", "month:N", alt.Tooltip("r:Q", format=".2%")],
    )
    labels = base.mark_text(fontSize=10).encode(text=alt.Text("r:Q", format=".1%"))
    return (cells + labels).properties(height=90 + 30 * long["calendar_year"].nunique())


def allocation_bands(frame: pd.DataFrame) -> alt.LayerChart:
    """Actual weight against the target and its tolerance band per asset class
    (fct_allocation_drift: actual_weight, target_weight, lower_band, upper_band, is_outside_band)."""
    base = alt.Chart(frame, title="Allocation against target (band: tolerance)").encode(
        y=alt.Y("asset_class_code:N", title=None, sort=None)
    )
    band = base.mark_bar(color="#cfd8dc", height=14).encode(
        x=alt.X("lower_band:Q", title="Weight", axis=alt.Axis(format="%")), x2="upper_band:Q"
    )
    target = base.mark_tick(color="black", thickness=2, size=18).encode(x="target_weight:Q")
    actual = base.mark_point(filled=True, size=110).encode(
        x="actual_weight:Q",
        color=alt.Color(
            "is_outside_band:N",
            title="Outside band",
            scale=alt.Scale(domain=[False, True], range=[NEUTRAL, NEGATIVE]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=[
            "asset_class_code:N",
            alt.Tooltip("actual_weight:Q", format=".2%"),
            alt.Tooltip("target_weight:Q", format=".2%"),
            alt.Tooltip("lower_band:Q", format=".2%"),
            alt.Tooltip("upper_band:Q", format=".2%"),
        ],
    )
    return (band + target + actual).properties(height=110 + 40 * len(frame))


def monthly_bars(frame: pd.DataFrame, field: str, title: str, money_axis: str = "USD") -> alt.Chart:
    """Bars by `month` of `field`, green above zero and red below."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=None),
            y=alt.Y(f"{field}:Q", title=money_axis, axis=alt.Axis(format="~s")),
            color=alt.condition(f"datum.{field} >= 0", alt.value(POSITIVE), alt.value(NEGATIVE)),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), alt.Tooltip(f"{field}:Q", format=",.0f")],
        )
        .properties(height=220)
    )


def area_by_month(frame: pd.DataFrame, field: str, title: str, money_axis: str = "USD") -> alt.Chart:
    return (
        alt.Chart(frame, title=title)
        .mark_area(color=NEUTRAL, opacity=0.7, line={"color": NEUTRAL})
        .encode(
            x=alt.X("month:T", title=None),
            y=alt.Y(f"{field}:Q", title=money_axis, axis=alt.Axis(format="~s")),
            tooltip=[alt.Tooltip("month:T", format="%Y-%m"), alt.Tooltip(f"{field}:Q", format=",.0f")],
        )
        .properties(height=220)
    )


def returns_against_benchmark(frame: pd.DataFrame, label: str, title: str) -> alt.Chart:
    """Grouped bars of `time_weighted_return` and `benchmark_return` per `label` (a period or a
    portfolio), in the frame's order."""
    long = frame.melt(
        id_vars=label, value_vars=["time_weighted_return", "benchmark_return"], var_name="series", value_name="r"
    )
    long["series"] = long["series"].map({"time_weighted_return": "Return (TWR)", "benchmark_return": "Benchmark"})
    order = list(frame[label].astype(str))
    return (
        alt.Chart(long, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{label}:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=["Return (TWR)", "Benchmark"]),
            y=alt.Y("r:Q", title="Return", axis=alt.Axis(format="%")),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=["Return (TWR)", "Benchmark"], range=[NEUTRAL, BENCHMARK]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[f"{label}:N", "series:N", alt.Tooltip("r:Q", format=".2%")],
        )
        .properties(height=260)
    )


def counts_by(frame: pd.DataFrame, category: str, count: str, stack: str, title: str) -> alt.Chart:
    """Horizontal stacked bars: `count` per `category`, stacked by `stack`."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200)),
            x=alt.X(f"sum({count}):Q", title="Count"),
            color=alt.Color(f"{stack}:N", title=stack.replace("_", " "), legend=alt.Legend(orient="top")),
            tooltip=[f"{category}:N", f"{stack}:N", alt.Tooltip(f"sum({count}):Q", title="count")],
        )
        .properties(height=90 + 30 * frame[category].nunique())
    )
