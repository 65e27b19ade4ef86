"""Fault injection: what a user or a failing machine can do to `make build`, and what must hold
after each. Bad raw files fail the build with a message naming the file (and the column or
the line) before any model runs; the previous warehouse stays byte-identical and nothing is
left behind; a kill at a random node leaves the old file intact and the next build green; a
reader keeps reading through a rebuild; a writer makes the swap refuse, and the write-ahead
log it leaves when it dies never ends up beside the new file.

The builds here are the smallest scales' green builds too: 1 client (seed 42), then 2 (seed 7)."""

from __future__ import annotations

import csv
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SUMMARY, generate_into

from tests.python.test_performance import drawdown_date_mismatches, load_performance, metric_disagreements

pytestmark = pytest.mark.slow
YEARS = 10
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RANDOM_SEED = int(os.environ.get("WEALTH_FAULT_SEED", "20261207"))


@dataclass
class Site:
    """A data folder with a live warehouse, and the raw folder every build reads."""

    root: Path
    pristine: Path
    survived: list[str] = field(default_factory=list)

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def db(self) -> Path:
        return self.data / "wealth.duckdb"

    def command(self) -> list[str]:
        # one target folder and one warehouse path for every build: dbt parses the project once;
        # the unit tests, which read no data, ran in the session's build
        return [
            sys.executable, "-m", "warehouse", "build", "--raw", str(self.raw), "--db", str(self.db),
            "--", "--target-path", str(self.root / "target"), "--log-path", str(self.root / "logs"),
            "--exclude", "resource_type:unit_test",
        ]  # fmt: skip

    def build(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(), cwd=REPO, capture_output=True, text=True, check=False)

    def start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def restore(self, source: Path | None = None) -> None:
        shutil.rmtree(self.raw, ignore_errors=True)
        shutil.copytree(source or self.pristine, self.raw)

    def snapshot(self) -> tuple[str, list[str]]:
        """The live file's bytes and what the data folder holds."""
        return hashlib.sha256(self.db.read_bytes()).hexdigest(), sorted(p.name for p in self.data.iterdir())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("faults")
    site = Site(root=root, pristine=generate_into(root / "pristine", seed=42, scale=1, years=YEARS))
    site.restore()
    result = site.build()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert site.snapshot()[1] == ["wealth.duckdb"]
    yield site
    request.config.stash.setdefault(SUMMARY, []).append(
        f"fault injection: {len(site.survived)} fault cases tried and survived: {', '.join(site.survived)}"
    )


def _rewrite_csv(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(rows))


def _swap_names(rows: list[list[str]]) -> list[list[str]]:
    first, last = rows[0].index("first_name"), rows[0].index("last_name")
    for row in rows:
        row[first], row[last] = row[last], row[first]
    return rows


def _change_amount(rows: list[list[str]]) -> list[list[str]]:
    column = rows[0].index("amount_per_share")
    rows[1][column] = f"{float(rows[1][column]) + 0.01:.6f}"
    return rows


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # mid-line: the half of a file of ~60-byte lines


CORRUPTIONS: dict[str, tuple[str, Callable[[Path], None], list[str]]] = {
    "rows dropped": (
        "transactions",
        lambda path: _rewrite_csv(path, lambda rows: rows[:-3]),
        ["rows where the generator wrote", "rows were dropped"],
    ),
    "a value changed": ("dividends", lambda path: _rewrite_csv(path, _change_amount), ["sum(amount_per_share)"]),
    "a file truncated mid-line": ("prices", _truncate, ["line ", "cut short"]),
    "a column added": (
        "securities",
        lambda path: _rewrite_csv(
            path, lambda rows: [[*row, "extra" if i == 0 else "1"] for i, row in enumerate(rows)]
        ),
        ["'extra' is not declared"],
    ),
    "columns swapped": (
        "clients",
        lambda path: _rewrite_csv(path, _swap_names),
        ["is 'last_name' where 'first_name'"],
    ),
    "a file missing": ("accounts", lambda path: path.unlink(), ["not found"]),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_corrupt_raw_file_fails_naming_it_and_keeps_the_warehouse(site: Site, case: str) -> None:
    table, corrupt, expected = CORRUPTIONS[case]
    site.restore()
    corrupt(site.raw / table / "part-00000.csv")
    before = site.snapshot()
    result = site.build()
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert f"- {table}/: " in output and all(text in output for text in expected), output[-3000:]
    assert "make generate" in output
    assert "is unchanged, nothing was left behind" in result.stderr
    assert site.snapshot() == before
    site.survived.append(case)


def test_missing_raw_folder_says_to_generate(site: Site) -> None:
    shutil.rmtree(site.raw)
    before = site.snapshot()
    result = site.build()
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "run `make generate` first" in result.stderr, result.stderr
    assert site.snapshot() == before
    site.restore()
    site.survived.append("raw folder missing")


def _hold_for_writing(db: Path) -> subprocess.Popen[str]:
    """Another process with the live file open read-write, having written to it."""
    script = (
        "import duckdb, sys\n"
        "connection = duckdb.connect(sys.argv[1])\n"
        "connection.execute('create or replace table main.scratch as select 42 as answer')\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    return writer


def test_a_writer_makes_the_build_refuse_and_its_wal_never_outlives_the_swap(site: Site) -> None:
    site.restore()
    inode = site.db.stat().st_ino
    writer = _hold_for_writing(site.db)
    try:
        result = site.build()
        assert result.returncode == 2, result.stdout[-2000:] + result.stderr
        assert f"is open for writing by process {writer.pid}" in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
        assert site.db.stat().st_ino == inode
        assert not (site.data / ".building").exists()
    finally:
        writer.kill()  # dies without a checkpoint: its write-ahead log stays beside the file
        writer.wait()
    assert (site.data / "wealth.duckdb.wal").exists()
    site.survived.append("a writer holds the file")


def _start_and_wait_for_nodes(site: Site, nodes: int) -> subprocess.Popen[str]:
    """A build, once dbt has finished `nodes` nodes."""
    build = site.start()
    assert build.stdout is not None
    done = 0
    for line in build.stdout:
        if re.search(r"\[(OK|PASS)\b", ANSI.sub("", line)):
            done += 1
            if done >= nodes:
                return build
    raise AssertionError(f"the build ended before {nodes} nodes: {build.wait()} {build.stderr and build.stderr.read()}")


def _dbt_processes_of(site: Site) -> list[int]:
    marker = str(site.root / "target").encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes() and int(entry.name) != os.getpid():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_interrupt_at_a_random_node_keeps_the_warehouse(site: Site) -> None:
    site.restore()
    before = site.snapshot()
    nodes = random.Random(RANDOM_SEED).randrange(1, 1400)
    build = _start_and_wait_for_nodes(site, nodes)
    second = site.build()  # meanwhile: one build at a time
    assert second.returncode == 2 and "another build of" in second.stderr, second.stderr
    build.send_signal(signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, (nodes, stderr)
    assert stderr.strip().splitlines() == [
        f"warehouse: interrupted: {site.db} is unchanged, nothing was left behind"
    ], stderr
    assert "Traceback" not in stdout + stderr
    assert site.snapshot() == before, nodes
    site.survived.extend(["a second build at once", f"SIGINT after {nodes} nodes"])


def test_kill_at_a_random_node_then_the_next_build_is_green_for_its_readers(site: Site) -> None:
    site.restore()
    before = site.snapshot()
    nodes = random.Random(RANDOM_SEED + 1).randrange(1, 1400)
    build = _start_and_wait_for_nodes(site, nodes)
    build.kill()
    build.communicate(timeout=60)
    for _ in range(100):  # dbt dies with the build process (the kernel's parent-death signal)
        if not _dbt_processes_of(site):
            break
        time.sleep(0.1)
    assert _dbt_processes_of(site) == []
    assert site.snapshot()[0] == before[0], nodes
    site.survived.append(f"SIGKILL after {nodes} nodes")

    # the next build, of other raw files (2 clients, seed 7), with a dead writer's log beside
    # the old file and a reader holding it
    site.restore(generate_into(site.root / "two", seed=7, scale=2, years=YEARS))
    writer = _hold_for_writing(site.db)
    writer.kill()
    writer.wait()
    assert (site.data / "wealth.duckdb.wal").exists()
    with duckdb.connect(str(site.db), read_only=True) as reader:
        assert reader.execute("select count(*) from raw.clients").fetchone() == (1,)
        result = site.build()
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
        assert reader.execute("select count(*) from raw.clients").fetchone() == (1,)  # still the old file
    assert sorted(p.name for p in site.data.iterdir()) == ["wealth.duckdb"]  # no WAL, no .building
    with duckdb.connect(str(site.db), read_only=True) as fresh:
        assert fresh.execute("select count(*) from raw.clients").fetchone() == (2,)
        recorded = fresh.execute("select manifest_sha256 from raw.load_manifest").fetchone()
    assert recorded == (hashlib.sha256((site.raw / "manifest.json").read_bytes()).hexdigest(),)
    site.survived.extend(["a reader through a rebuild", "a dead writer's WAL"])


def test_the_smallest_builds_agree_with_the_independent_implementation(site: Site) -> None:
    """The 2-client warehouse of the test above: every period's metrics and drawdown dates,
    an advisor's book that breaks off and starts again included."""
    periods, series = load_performance(site.db, calendar_sample=100_000)
    compared, failures = metric_disagreements(periods, series)
    assert compared > 1000 and not failures, failures[:5]
    _, mismatches = drawdown_date_mismatches(periods, series)
    assert not mismatches, mismatches[:5]


def test_the_swapped_in_file_keeps_the_format_older_clients_read(site: Site, tmp_path: Path) -> None:
    """`make build` checkpoints the new file before the swap: it stays in the storage format
    profiles.yml asks for (test_bi_clients.py reads that format with an older client), the
    same a fresh file in that format reports, never DuckDB 2.0's own."""
    profile = (REPO / "profiles" / "profiles.yml").read_text(encoding="utf-8")
    version = re.search(r"env_var\('WEALTH_DUCKDB_STORAGE_VERSION', '([^']+)'\)", profile)
    assert version is not None
    fresh = tmp_path / "fresh.duckdb"
    with duckdb.connect(str(fresh), config={"storage_compatibility_version": version[1]}) as connection:
        connection.execute("create table t as select 1 as x")
    tags = "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    with duckdb.connect(str(fresh), read_only=True) as connection:
        expected = connection.execute(tags).fetchone()
    with duckdb.connect(str(site.db), read_only=True) as connection:
        built = connection.execute(tags).fetchone()
        newest = duckdb.connect(":memory:").execute("select version()").fetchone()
    assert expected is not None and built == expected, (built, expected)
    assert newest is not None and not str(built[0]).startswith(str(newest[0]).rsplit(".", 1)[0]), (built, newest)


def test_status_says_whether_the_raw_folder_is_the_one_built(site: Site) -> None:
    status = [sys.executable, "-m", "warehouse", "status", "--raw", str(site.raw), "--db", str(site.db)]
    same = subprocess.run(status, cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "in step" in same and "out of step" not in same
    site.restore()  # the 1-client files again: the warehouse shows the 2-client ones
    other = subprocess.run(status, cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "out of step: run `make build`" in other
    site.survived.append("raw folder and warehouse out of step")
