"""The dashboard (`make dashboard`, dashboard/) in a real browser: Debian's headless Chromium
driven by Selenium through Debian's chromedriver (no Selenium Manager, no download), against
the dashboard served on a copy of the test build. Every page loads with no error in the page
or the browser console, every chart is drawn with data in it, values shown equal the marts,
and a new file swapped in (as `make build` does) is shown without a restart. Screenshots of
every page go to the test build's target folder (<pytest tmp>/duckdb*/target/dashboard/)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dashboard import queries
from dashboard.data import Warehouse
from dashboard.formatting import parse_shown
from generator.interrupts import die_with_parent

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PAGES = {
    "firm": "/",
    "top-performers": "/top-performers",
    "underweight": "/underweight",
    "sentiment": "/sentiment",
    "ai-confidence": "/ai-confidence",
    "goals": "/goals",
    "alerts": "/alerts",
    "advisor": "/advisor",
    "client": "/client",
    "portfolio": "/portfolio",
}
# Streamlit's page finds its server by asking for /_stcore/health and /_stcore/host-config under
# the page's own path first (a 404 on /advisor/_stcore/health), then under the root: those
# probes are logged by Chromium as failed loads, and are not errors of the page
SERVER_PROBE = re.compile(r"/_stcore/(health|host-config) - Failed to load resource: .* 404")
TOP_PORTFOLIO = """
    select portfolio_id, time_weighted_return
    from marts.fct_performance_periods
    where entity_type = 'portfolio' and period_code = 'YTD' and not is_partial_period
        and time_weighted_return is not null
    order by time_weighted_return desc, portfolio_id
    limit 1
"""
CLOSING_VALUE = """
    select statement_month, closing_value from marts.fct_client_statements_monthly
    where entity_type = 'client' and client_id = ? order by statement_month desc limit 1
"""
# a chart is drawn with data when Vega's data marks (role-mark groups, not axes or legends)
# hold shapes, or, drawn on a canvas, when a tenth of a percent of its pixels are painted
CHART_MARKS = """
return Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map((chart) => {
  const svg = chart.querySelector('svg');
  if (svg) {
    return Array.from(svg.querySelectorAll('g.role-mark > *')).filter(
      (shape) => (shape.getAttribute('d') || '').length > 4 || shape.tagName === 'text' || shape.tagName === 'line'
    ).length;
  }
  const canvas = chart.querySelector('canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
  return painted > canvas.width * canvas.height / 1000 ? painted : 0;
});
"""


@dataclass
class Served:
    url: str
    database: Path
    process: subprocess.Popen[bytes]
    screenshots: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(duckdb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`python -m warehouse dashboard` on a copy of the test build (the test swaps a new file
    in), until the module's tests end."""
    folder = tmp_path_factory.mktemp("dashboard")
    database = folder / "wealth.duckdb"
    shutil.copyfile(duckdb_path, database)
    port = _free_port()
    log = (folder / "dashboard.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "warehouse", "dashboard", "--db", str(database), "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (folder / "dashboard.log").read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the dashboard did not answer within 90 s"
            time.sleep(0.5)
        screenshots = duckdb_path.parent / "target" / "dashboard"
        screenshots.mkdir(parents=True, exist_ok=True)
        yield Served(url, database, process, screenshots)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "no Chromium or chromedriver: run `make setup-browser`"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def marts(duckdb_path: Path) -> dict[str, object]:
    """The values the pages must show, read from the marts of the test build."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        top = connection.execute(TOP_PORTFOLIO).fetchone()
        assert top is not None
        client_id = connection.execute(
            "select client_id from marts.dim_portfolios where portfolio_id = ?", [top[0]]
        ).fetchone()[0]  # type: ignore[index]
        closing = connection.execute(CLOSING_VALUE, [client_id]).fetchone()
        assert closing is not None
        since_inception = connection.execute(
            "select time_weighted_return from marts.fct_performance_periods "
            "where entity_type = 'portfolio' and portfolio_id = ? and period_code = 'SI'",
            [top[0]],
        ).fetchone()[0]  # type: ignore[index]
    return {
        "top_portfolio": int(top[0]),
        "top_return": float(top[1]),
        "client": int(client_id),
        "closing_month": closing[0],
        "closing_value": float(closing[1]),
        "portfolio_since_inception": float(since_inception),
    }


def _wait_for_page(driver: object, timeout: float = 90) -> None:
    """Until the script has run (a title is shown, no 'running' status) and the charts are drawn."""
    from selenium.webdriver.common.by import By

    deadline, settled_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        titled = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] h1')  # type: ignore[attr-defined]
        running = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')  # type: ignore[attr-defined]
        marks = driver.execute_script(CHART_MARKS)  # type: ignore[attr-defined]
        if titled and not running and marks and all(marks):
            settled_since = settled_since or time.monotonic()
            if time.monotonic() - settled_since > 1.5:
                return
        else:
            settled_since = None
        time.sleep(0.3)
    raise AssertionError(f"the page did not finish within {timeout} s: {driver.current_url}")  # type: ignore[attr-defined]


def _visit(driver: object, served: Served, name: str, query: str = "") -> list[str]:
    """Opens a page, waits for it, saves a full-page screenshot; returns the console's errors."""
    driver.get_log("browser")  # type: ignore[attr-defined]  # clears what earlier pages logged
    driver.set_window_size(1400, 1000)  # type: ignore[attr-defined]
    driver.get(served.url + PAGES[name] + query)  # type: ignore[attr-defined]
    _wait_for_page(driver)
    height = driver.execute_script(  # type: ignore[attr-defined]
        "const main = document.querySelector('[data-testid=\"stMain\"]');"
        "return Math.max(document.body.scrollHeight, main ? main.scrollHeight : 0);"
    )
    driver.set_window_size(1400, min(int(height) + 120, 9000))  # type: ignore[attr-defined]
    _wait_for_page(driver)
    driver.save_screenshot(str(served.screenshots / f"{name}.png"))  # type: ignore[attr-defined]
    return [
        entry["message"]
        for entry in driver.get_log("browser")  # type: ignore[attr-defined]
        if entry["level"] == "SEVERE" and not SERVER_PROBE.search(entry["message"])
    ]


def _metric(driver: object, label: str) -> str:
    from selenium.webdriver.common.by import By

    for metric in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'):  # type: ignore[attr-defined]
        shown_label = metric.find_element(By.CSS_SELECTOR, '[data-testid="stMetricLabel"]').text.strip()
        if shown_label == label:
            return str(metric.find_element(By.CSS_SELECTOR, '[data-testid="stMetricValue"]').text)
    raise AssertionError(f"no figure labelled {label!r} on {driver.current_url}")  # type: ignore[attr-defined]


def _assert_shows(text: str, expected: float) -> None:
    value, rounding = parse_shown(text)
    assert abs(value - expected) <= rounding * 1.000001, f"shown {text!r}, the mart has {expected}"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_and_draws_its_charts(
    served: Served, browser: object, marts: dict[str, object], name: str
) -> None:
    from selenium.webdriver.common.by import By

    query = {"client": f"?client={marts['client']}", "portfolio": f"?portfolio={marts['top_portfolio']}"}
    errors = _visit(browser, served, name, query.get(name, ""))
    shown = browser.find_elements(  # type: ignore[attr-defined]
        By.CSS_SELECTOR, '[data-testid="stException"], [data-testid="stAlertContainer"]'
    )
    assert not [element.text for element in shown if element.text.strip()], f"an error or warning on {name}"
    assert not errors, f"the browser console of {name}: {errors}"
    marks = browser.execute_script(CHART_MARKS)  # type: ignore[attr-defined]
    assert marks and all(marks), f"{name}: charts with no data drawn ({marks})"
    assert (served.screenshots / f"{name}.png").stat().st_size > 10_000


def test_the_values_shown_are_the_marts(served: Served, browser: object, marts: dict[str, object]) -> None:
    _visit(browser, served, "top-performers")
    assert _metric(browser, "Top portfolio") == f"Portfolio {marts['top_portfolio']}"
    _assert_shows(_metric(browser, "Top portfolio's YTD return (TWR)"), marts["top_return"])  # type: ignore[arg-type]

    _visit(browser, served, "client", f"?client={marts['client']}")
    label = f"Closing value {marts['closing_month']:%Y-%m}"
    _assert_shows(_metric(browser, label), marts["closing_value"])  # type: ignore[arg-type]

    _visit(browser, served, "portfolio", f"?portfolio={marts['top_portfolio']}&period=SI")
    _assert_shows(_metric(browser, "Return SI (TWR)"), marts["portfolio_since_inception"])  # type: ignore[arg-type]


def test_the_derived_series_agree_with_the_marts(duckdb_path: Path, marts: dict[str, object]) -> None:
    """The series the dashboard derives for display: the growth indexes since inception end at
    the SI period's returns, and the underwater curve's deepest point is the
    deepest drawdown of fct_portfolio_drawdowns."""
    warehouse = Warehouse(duckdb_path)
    portfolio = int(marts["top_portfolio"])  # type: ignore[call-overload]
    since_inception = queries.period_row(queries.periods(warehouse, "portfolio", portfolio), "SI")
    assert since_inception is not None
    growth = queries.portfolio_growth(warehouse, portfolio, since_inception["anchor_date"])
    assert growth["growth"].iloc[-1] - 1 == pytest.approx(since_inception["time_weighted_return"], abs=1e-9)
    assert growth["benchmark_growth"].iloc[-1] - 1 == pytest.approx(since_inception["benchmark_return"], abs=1e-9)
    underwater = queries.underwater(warehouse, portfolio, since_inception["period_start_date"])
    deepest = warehouse.value(
        "select drawdown_depth from marts.fct_portfolio_drawdowns where portfolio_id = ? and drawdown_rank = 1",
        [portfolio],
    )
    assert underwater["drawdown"].min() == pytest.approx(deepest, abs=1e-12)


def test_a_rebuilt_file_is_shown_without_a_restart(served: Served, browser: object, marts: dict[str, object]) -> None:
    """The dashboard holds no lock on the file between page runs (a writer can open it), and
    when a new file is renamed over it, as `make build` does, the open page shows the new data
    by itself."""
    _visit(browser, served, "client", f"?client={marts['client']}")
    label = f"Closing value {marts['closing_month']:%Y-%m}"
    _assert_shows(_metric(browser, label), marts["closing_value"])  # type: ignore[arg-type]
    with duckdb.connect(str(served.database)) as writer:  # read-write: refused while any reader has it open
        writer.execute("select 1").fetchall()
    rebuilt = served.database.with_name("rebuilt.duckdb")
    shutil.copyfile(served.database, rebuilt)
    new_value = float(marts["closing_value"]) + 12_345  # type: ignore[arg-type]
    with duckdb.connect(str(rebuilt)) as connection:
        connection.execute(
            "update marts.fct_client_statements_monthly set closing_value = ? "
            "where entity_type = 'client' and client_id = ? and statement_month = ?",
            [new_value, marts["client"], marts["closing_month"]],
        )
    os.replace(rebuilt, served.database)
    deadline = time.monotonic() + 30
    while True:
        value, rounding = parse_shown(_metric(browser, label))
        if abs(value - new_value) <= rounding:
            break
        assert time.monotonic() < deadline, "the page still shows the old file 30 s after the swap"
        time.sleep(0.5)
    assert served.process.poll() is None  # the same server, not restarted


def test_no_warehouse_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "dashboard", "--db", str(tmp_path / "missing.duckdb")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "make build" in result.stderr
