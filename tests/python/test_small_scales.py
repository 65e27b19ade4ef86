"""Every scale builds green, from one client up, whatever the seed: no data test may depend
on the data being large enough to show every case. 1 and 2 clients are built by the fault
injection suite (test_faults.py); here 7 and 30 clients, with other seeds, each checked
against the independent implementation of the performance metrics too. The two are generated
and built in the background from the start of the session (conftest.py, small_scale_build.py),
beside the other tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.python.conftest import SMALL_SCALES
from tests.python.small_scale_build import folder_name
from tests.python.test_performance import drawdown_date_mismatches, load_performance, metric_disagreements

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("scale", "seed"), SMALL_SCALES, ids=[folder_name(*pair) for pair in SMALL_SCALES])
def test_small_scale_builds_green(small_scale_builds: Path, scale: int, seed: int) -> None:
    folder = small_scale_builds / folder_name(scale, seed)
    output = (folder / "build.out").read_text(encoding="utf-8")
    assert (folder / "returncode").read_text(encoding="utf-8") == "0", output[-5000:]
    assert "ERROR=0" in output and "SKIP=0" in output
    periods, series = load_performance(folder / "wealth.duckdb", calendar_sample=1_000_000)
    compared, failures = metric_disagreements(periods, series)
    assert compared > 1000 and not failures, failures[:5]
    _, mismatches = drawdown_date_mismatches(periods, series)
    assert not mismatches, mismatches[:5]
