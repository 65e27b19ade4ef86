"""`python -m bench.scale [--scales 1000,10000,100000]`: the generator at growing scales, one
worker and two, side by side in one run: wall time, rows a second and the peak memory of the
whole process tree (the run and its workers together, sampled every 0.1 s from /proc), and
the size of the output. Written to bench/scale.md; the output folders are deleted after each
run. Targets (issue 24): peak memory flat in the scale and under 3 GiB with two workers;
100,000 clients x 10 years in under 4 minutes."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.machine import memory_touch, memory_touch_line
from generator.shards import SHARD_SIZE

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "scale.md"
SEED, YEARS = 42, 10
GiB, MiB = 2**30, 2**20
TARGET_PEAK, TARGET_SECONDS = 3 * GiB, 240.0


@dataclass(frozen=True)
class Run:
    scale: int
    jobs: int
    seconds: float
    peak_bytes: int  # the process tree's, sampled
    rows: int
    output_bytes: int


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _rss(pid: int) -> int:
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of a process and every process below it."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo.extend(children.get(current, []))
    return total


def generate(scale: int, jobs: int, out: Path) -> Run:
    command = [sys.executable, "-m", "generator", "--seed", str(SEED), "--scale", str(scale), "--years", str(YEARS)]
    command += ["--jobs", str(jobs), "--out", str(out), "--progress", "off"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}: {process.stderr.read()[-2000:]}")
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    run = Run(scale, jobs, seconds, peak, sum(f["rows"] for f in files), sum(f["bytes"] for f in files))
    shutil.rmtree(out)
    return run


def render(runs: list[Run], machine: str) -> str:
    lines = [
        "# The generator at scale",
        "",
        "Written by `make bench-scale` (`python -m bench.scale`): seed 42, 10 years of history, CSV.",
        "Peak memory is the whole process tree's (the run and its worker processes together),",
        "sampled every 0.1 s. Each figure is one run; the machine's speed moves by a fifth or more.",
        "",
        machine,
        "",
        "| clients | workers | wall s | rows | rows/s | peak tree MiB | output GiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        lines.append(
            f"| {run.scale:,} | {run.jobs} | {run.seconds:.1f} | {run.rows:,} | {run.rows / run.seconds:,.0f} "
            f"| {run.peak_bytes / MiB:,.0f} | {run.output_bytes / GiB:.2f} |"
        )
    largest = max(run.scale for run in runs)
    two = [run for run in runs if run.jobs == 2]
    # flat in the scale: against the smallest scale that keeps both workers busy (two shards)
    busy = [run for run in two if run.scale >= 2 * SHARD_SIZE]
    if busy:
        top, least = max(busy, key=lambda run: run.scale), min(busy, key=lambda run: run.scale)
        flat = top.peak_bytes / least.peak_bytes
        lines += [
            "",
            "| target | figure | met |",
            "| :--- | ---: | :--- |",
            f"| peak memory at {top.scale:,} clients no higher than at {least.scale:,} (flat), two workers "
            f"| {top.peak_bytes / MiB:,.0f} / {least.peak_bytes / MiB:,.0f} MiB = {flat:.2f}x "
            f"| {'yes' if flat <= 1.1 else 'no'} |",
            f"| under 3 GiB with two workers | {max(r.peak_bytes for r in two) / GiB:.2f} GiB "
            f"| {'yes' if max(r.peak_bytes for r in two) < TARGET_PEAK else 'no'} |",
        ]
        if largest >= 100_000:
            hundred = next(r for r in two if r.scale == largest)
            lines.append(
                f"| {largest:,} clients in under 4 minutes | {hundred.seconds:.0f} s "
                f"| {'yes' if hundred.seconds < TARGET_SECONDS else 'no'} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--scales", default="1000,10000,100000", help="comma-separated client counts")
    args = parser.parse_args(argv)
    scales = sorted({int(part) for part in args.scales.split(",") if part.strip()})
    machine = f"Machine: {os.cpu_count()} CPUs.\n{memory_touch_line(memory_touch())}"
    runs = []
    (REPO / "bench" / "tmp").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scale-", dir=REPO / "bench" / "tmp") as work:
        for scale in scales:
            for jobs in (1, 2):
                print(f"bench.scale: {scale:,} clients, {jobs} worker(s)", file=sys.stderr, flush=True)
                runs.append(generate(scale, jobs, Path(work) / "raw"))
    text = render(runs, machine)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
