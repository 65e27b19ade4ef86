"""The performance marts agree with an independent implementation (empyrical-reloaded, numpy,
scipy's brentq for the IRR) on the built warehouse, to 1e-9 relative (1e-12 absolute near
zero), at every level: portfolio, client, advisor book and firm."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.stats import norm

from bench.reference import drawdown_dates, money_weighted_return, return_metrics

REPO = Path(__file__).resolve().parents[2]
RELATIVE = 1e-9
ABSOLUTE = 1e-12
CALENDAR_SAMPLE = 1500
VARIABLES = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
REPORTING_CURRENCY = VARIABLES["reporting_currency"]

# Every entity's daily series from the two return marts (they outlive `make build`, which
# deletes the intermediate models' file): a portfolio's risk-free rate is its own currency's,
# the reporting currency's where that currency has none.
ENTITY_DAYS = f"""(
    select 'portfolio' as entity_type, returns.portfolio_id as entity_id, returns.return_date, returns.market_value,
        coalesce(returns.previous_market_value, 0) as previous_market_value, returns.net_external_flow,
        0.0 as net_transfer_flow, 0.0 as inception_flow, returns.daily_return, returns.benchmark_return,
        coalesce(own.daily_rate, reporting.daily_rate) as risk_free_return
    from marts.fct_portfolio_returns_daily as returns
    inner join marts.dim_portfolios as portfolios using (portfolio_id)
    left join staging.stg_risk_free_rates as own
        on own.currency_code = portfolios.base_currency_code and own.rate_date = returns.return_date
    left join staging.stg_risk_free_rates as reporting
        on reporting.currency_code = '{REPORTING_CURRENCY}' and reporting.rate_date = returns.return_date
    union all by name
    select entity_type, entity_id, return_date, market_value, previous_market_value, net_external_flow,
        net_transfer_flow, inception_flow, daily_return, benchmark_return, risk_free_return
    from marts.fct_group_returns_daily
)"""

METRICS = [
    "time_weighted_return", "annualised_return", "benchmark_return", "excess_return", "annualised_volatility",
    "downside_deviation", "sharpe_ratio", "sortino_ratio", "max_drawdown", "beta", "alpha", "tracking_error",
    "information_ratio", "value_at_risk_historical", "value_at_risk_parametric", "best_day_return",
    "worst_day_return", "money_weighted_return", "up_capture_ratio", "down_capture_ratio",
]  # fmt: skip


def _value(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return float(value)  # type: ignore[arg-type]


def _date(value: object) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def load_performance(duckdb_path: Path, calendar_sample: int = CALENDAR_SAMPLE) -> tuple[pd.DataFrame, dict]:
    """Every as-of period of every entity and a random sample of calendar periods, with the
    entities' daily series."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        periods = connection.execute(f"""
            select * from marts.fct_performance_periods where period_kind != 'calendar'
            union all
            (select * from marts.fct_performance_periods where period_kind = 'calendar'
             order by hash(entity_type, entity_id, period_code, period_start_date) limit {calendar_sample})
        """).df()
        days = connection.execute(f"select * from {ENTITY_DAYS}").df()
    series = {
        key: frame.set_index("return_date").sort_index() for key, frame in days.groupby(["entity_type", "entity_id"])
    }
    return periods, series


@pytest.fixture(scope="module")
def performance(duckdb_path: Path) -> tuple[pd.DataFrame, dict[tuple[str, int], pd.DataFrame]]:
    return load_performance(duckdb_path)


def _period_days(row: pd.Series, series: dict[tuple[str, int], pd.DataFrame]) -> pd.DataFrame:
    frame = series[(row.entity_type, row.entity_id)]
    return frame[(frame.index > pd.Timestamp(row.anchor_date)) & (frame.index <= pd.Timestamp(row.period_end_date))]


def _reference(row: pd.Series, days: pd.DataFrame) -> dict[str, float | None]:
    valid = days[days.daily_return.notna()]
    expected = return_metrics(valid.daily_return, valid.benchmark_return, valid.risk_free_return)
    anchor, end = pd.Timestamp(row.anchor_date), pd.Timestamp(row.period_end_date)
    cash = days.net_external_flow + days.net_transfer_flow
    flows = [((day - anchor).days / (end - anchor).days, flow) for day, flow in cash[cash != 0].items()]
    expected["money_weighted_return"] = money_weighted_return(row.start_value, flows, row.end_value)
    return expected


def metric_disagreements(periods: pd.DataFrame, series: dict) -> tuple[int, list[tuple]]:
    """Every metric of every period against the independent implementation: the number of
    values compared and the ones that disagree."""
    compared, failures = 0, []
    for row in periods.itertuples():
        days = _period_days(row, series)
        if row.return_days == 0:
            assert all(_value(getattr(row, metric)) is None for metric in METRICS if metric != "money_weighted_return")
            continue
        assert row.return_days == days.daily_return.notna().sum()
        expected = _reference(row, days)
        for metric in METRICS:
            ours, theirs = _value(getattr(row, metric)), expected[metric]
            compared += 1
            if (ours is None) != (theirs is None):
                failures.append((row.entity_type, row.entity_id, row.period_code, metric, ours, theirs))
            elif ours is not None and abs(ours - theirs) > max(RELATIVE * abs(theirs), ABSOLUTE):
                failures.append((row.entity_type, row.entity_id, row.period_code, metric, ours, theirs))
    return compared, failures


def test_every_metric_agrees_with_the_independent_implementation(performance) -> None:
    periods, series = performance
    assert set(periods.entity_type) == {"portfolio", "client", "advisor", "firm"}
    compared, failures = metric_disagreements(periods, series)
    assert compared > 20_000
    assert not failures, f"{len(failures)} of {compared} values disagree, e.g. {failures[:5]}"


def drawdown_date_mismatches(periods: pd.DataFrame, series: dict) -> tuple[int, list[tuple]]:
    """The peak, trough and recovery dates of every period against the independent
    implementation: the number of periods with a drawdown and the ones that disagree."""
    mismatches, with_drawdown = [], 0
    for row in periods[periods.return_days > 0].itertuples():
        valid = _period_days(row, series).daily_return.dropna()
        expected = drawdown_dates(valid, pd.Timestamp(row.anchor_date))
        ours = (_date(row.drawdown_peak_date), _date(row.drawdown_trough_date), _date(row.drawdown_recovery_date))
        theirs = tuple(_date(value) for value in expected)
        with_drawdown += theirs[1] is not None
        if ours != theirs:
            mismatches.append((row.entity_type, row.entity_id, row.period_code, ours, theirs))
    return with_drawdown, mismatches


def test_drawdown_dates_agree_with_the_independent_implementation(performance) -> None:
    periods, series = performance
    with_drawdown, mismatches = drawdown_date_mismatches(periods, series)
    assert with_drawdown > 1000
    assert not mismatches, mismatches[:5]


def test_money_weighted_return_is_solved_everywhere_it_can_be(performance) -> None:
    periods, _ = performance
    solvable = periods[(periods.period_end_date > periods.anchor_date) & (periods.start_value > 0)]
    assert len(solvable) > 1000
    assert solvable.is_money_weighted_converged.all()
    assert solvable.money_weighted_return.notna().all()


def test_groups_are_the_value_weighted_sum_of_their_portfolios(duckdb_path: Path) -> None:
    """The firm's and each household's daily profit and value are the sums of their portfolios'
    in the reporting currency, so the combined return is not an average of ratios; the base of
    the day's return is the previous value plus the opening deposits of portfolios opened that
    day (whose first-day result is in the profit)."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        worst = connection.execute(f"""
            with portfolio_days as (
                select
                    portfolios.client_id,
                    returns.return_date,
                    returns.market_value * fx.usd_per_unit as market_value,
                    returns.net_external_flow * fx.usd_per_unit as net_external_flow,
                    case when returns.previous_market_value is null
                        then returns.net_external_flow * fx.usd_per_unit else 0 end as inception_flow
                from marts.fct_portfolio_returns_daily as returns
                inner join staging.stg_portfolios as portfolios using (portfolio_id)
                inner join staging.stg_fx_rates as fx
                    on fx.currency_code = portfolios.base_currency_code and fx.rate_date = returns.return_date
            ),
            sums as (
                select 'client' as entity_type, client_id as entity_id, return_date,
                       sum(market_value) as market_value, sum(net_external_flow) as net_external_flow,
                       sum(inception_flow) as inception_flow
                from portfolio_days group by all
                union all
                select 'firm', 0, return_date, sum(market_value), sum(net_external_flow), sum(inception_flow)
                from portfolio_days group by all
            )
            select
                count(*) as rows,
                count(groups.entity_id) as matched,
                max(abs(groups.market_value - sums.market_value) / sums.market_value) as worst_value,
                max(abs(groups.net_external_flow - sums.net_external_flow)) as worst_flow,
                max(abs(groups.inception_flow - sums.inception_flow)) as worst_inception_flow,
                count(*) filter (where sums.inception_flow > 0 and groups.daily_return is not null) as opening_days,
                max(abs(groups.daily_return * (groups.previous_market_value + groups.inception_flow)
                    - (groups.market_value - lag_value - groups.net_external_flow - groups.net_transfer_flow))
                    / groups.previous_market_value) as worst_identity
            from sums
            left join (
                select *, lag(market_value) over (partition by entity_type, entity_id order by return_date) as lag_value
                from {ENTITY_DAYS}
            ) as groups using (entity_type, entity_id, return_date)
        """).fetchone()
    rows, matched, worst_value, worst_flow, worst_inception_flow, opening_days, worst_identity = worst
    assert rows > 10_000 and matched == rows
    assert worst_value <= 1e-12
    assert worst_flow <= 1e-6
    assert worst_inception_flow <= 1e-6
    assert opening_days > 0  # portfolios opened beside others already held
    assert worst_identity <= 1e-12


def test_advisor_books_add_up_to_the_firm(duckdb_path: Path) -> None:
    """Every client has one advisor a day, so the books' values add up to the firm's."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        worst, days = connection.execute(f"""
            select max(abs(books.market_value - firm.market_value) / firm.market_value), count(*)
            from (select return_date, sum(market_value) as market_value from {ENTITY_DAYS}
                  where entity_type = 'advisor' group by all) as books
            inner join {ENTITY_DAYS} as firm
                on firm.entity_type = 'firm' and firm.return_date = books.return_date
        """).fetchone()
    assert days > 500
    assert worst <= 1e-12


def test_rolling_risk_matches_the_period_definitions(duckdb_path: Path) -> None:
    """The rolling window at each portfolio's last day is its last 252 returns, checked with
    empyrical on those returns."""
    import empyrical

    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        rolling = connection.execute("""
            select * from marts.fct_portfolio_rolling_risk_daily
            where rolling_volatility is not null
            qualify row_number() over (partition by portfolio_id order by return_date desc) = 1
        """).df()
        days = connection.execute(f"select * from {ENTITY_DAYS} where entity_type = 'portfolio'").df()
    assert len(rolling) > 20
    window = int(rolling.window_trading_days.iloc[0])
    for row in rolling.itertuples():
        frame = days[(days.entity_id == row.portfolio_id) & (days.return_date <= row.return_date)]
        last = frame.sort_values("return_date").tail(window).set_index("return_date")
        assert last.daily_return.notna().all()
        volatility = empyrical.annual_volatility(last.daily_return)
        sharpe = empyrical.sharpe_ratio(last.daily_return, risk_free=last.risk_free_return)
        beta = empyrical.beta(last.daily_return, last.benchmark_return)
        for ours, theirs in [
            (row.rolling_volatility, volatility),
            (row.rolling_sharpe_ratio, sharpe),
            (row.rolling_beta, beta),
        ]:
            assert abs(ours - theirs) <= max(RELATIVE * abs(theirs), ABSOLUTE), (row.portfolio_id, ours, theirs)


def test_parametric_var_quantile_matches_the_tail_probability() -> None:
    variables = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    assert variables["var_normal_quantile"] == pytest.approx(norm.ppf(variables["var_tail_probability"]), abs=1e-15)


def test_every_level_has_every_metric_for_the_as_of_periods(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        frame = connection.execute("""
            select * from marts.fct_performance_periods where period_code in ('YTD', '1Y', 'SI')
        """).df()
    for (entity_type, period_code), group in frame.groupby(["entity_type", "period_code"]):
        for metric in METRICS:
            if metric == "annualised_return" and period_code != "SI":
                continue
            assert group[metric].notna().any(), (entity_type, period_code, metric)
    assert np.isfinite(frame[METRICS].to_numpy(dtype=float, na_value=0.0)).all()


def test_performance_metrics_is_the_long_form_of_the_portfolio_rows(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        long_rows, mismatched = connection.execute("""
            select count(*), count(*) filter (where abs(metrics.metric_value - wide.sharpe_ratio) > 0)
            from marts.fct_performance_metrics as metrics
            inner join marts.fct_performance_periods as wide
                on wide.entity_type = 'portfolio' and wide.portfolio_id = metrics.portfolio_id
                and wide.period_code = metrics.period_code and wide.period_start_date = metrics.period_start_date
            where metrics.metric_code = 'sharpe_ratio'
        """).fetchone()
        expected = connection.execute(
            "select count(sharpe_ratio) from marts.fct_performance_periods where entity_type = 'portfolio'"
        ).fetchone()
    assert long_rows == expected[0] > 1000
    assert mismatched == 0
