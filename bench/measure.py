"""Run one command as a child process and measure its wall time, the peak resident memory of
its whole process tree, and (optionally) the peak disk use of some folders while it runs.

Memory: every 0.1 s a thread sums VmRSS (from /proc) over the child and every process below
it (the generator's workers, the JVM under a dbt-spark build). A page shared between
processes (a forked worker's untouched copy of its parent) counts once for each of them, so
the sum is an upper bound of what the tree holds; a peak shorter than the interval can be
missed, so the figure is never taken below the largest single process's own peak (VmHWM,
read at the same samples). Not `wait4`'s `ru_maxrss` (what GNU time reports): the kernel
counts in it the memory of the parent the child was forked from until its exec, so a child
of a large process (the bench, or pytest) reports the parent's size.

Disk: every 0.5 s the same thread sums the allocated blocks (as `du` counts them) of the
files under each watched group of folders; a folder that does not exist (yet) counts 0.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MEMORY_INTERVAL = 0.1
DISK_INTERVAL = 0.5
PROC = Path("/proc")


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero status; the message ends with its output."""


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_bytes: int  # the process tree's, sampled (never below the largest process's own peak)
    stdout: str
    returncode: int = 0
    disk_peaks: Mapping[str, int] = field(default_factory=dict)  # per watched group, sampled

    def error_tail(self, lines: int = 40) -> str:
        return "\n".join(self.stdout.splitlines()[-lines:])


def peak_method() -> str:
    return (
        f"the summed resident memory (VmRSS) of the command's whole process tree, sampled from /proc "
        f"every {MEMORY_INTERVAL} s (shared pages count once per process: an upper bound), and never "
        "below the largest single process's own peak (VmHWM, read at the same samples)"
    )


def children() -> dict[int, list[int]]:
    """Every live process's children, by parent pid (one pass over /proc)."""
    found: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:  # the name in parentheses may hold spaces: the parent pid is after the last ")"
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            found.setdefault(parent, []).append(int(entry.name))
    return found


def _status(pid: int) -> tuple[int, int]:
    """Resident bytes of one process now and at its peak since its exec (VmRSS, VmHWM); 0, 0
    once it is gone."""
    now = peak = 0
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) * 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    except OSError:
        pass
    return now, peak


def rss(pid: int) -> int:
    """Resident bytes of one process; 0 once it is gone."""
    return _status(pid)[0]


def tree_memory(pid: int) -> tuple[int, int]:
    """The summed resident memory of a process and every process below it, and the largest
    peak (VmHWM) of any one of them."""
    below, total, largest, todo = children(), 0, 0, [pid]
    while todo:
        current = todo.pop()
        now, peak = _status(current)
        total, largest = total + now, max(largest, peak)
        todo.extend(below.get(current, []))
    return total, largest


def tree_rss(pid: int) -> int:
    """Resident memory of a process and every process below it."""
    return tree_memory(pid)[0]


def disk_usage(paths: Iterable[Path]) -> int:
    """Allocated bytes of `paths` (files or folders) and of everything under them, as `du`
    counts them (symbolic links not followed); what does not exist, or vanishes while counted,
    counts 0."""
    total = 0
    todo = [str(path) for path in paths]
    while todo:
        current = todo.pop()
        try:
            info = os.stat(current, follow_symlinks=False)
        except OSError:
            continue
        total += info.st_blocks * 512  # a folder's own blocks too, as `du` counts them
        if not stat.S_ISDIR(info.st_mode):
            continue
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        continue
        except OSError:
            continue
    return total


class Sampler:
    """A thread that records the peak tree memory of `pid` and the peak disk use of each group
    of `watch` until `stop()`."""

    def __init__(
        self, pid: int, watch: Mapping[str, Sequence[Path]] | None = None, disk_interval: float = DISK_INTERVAL
    ) -> None:
        self.pid = pid
        self.watch = dict(watch or {})
        self.disk_interval = disk_interval
        self.peak_bytes = 0
        self.disk_peaks = dict.fromkeys(self.watch, 0)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sampler-{pid}", daemon=True)

    def start(self) -> Sampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        self._sample_disk()  # what is left at the end counts too

    def _sample_disk(self) -> None:
        for name, paths in self.watch.items():
            self.disk_peaks[name] = max(self.disk_peaks[name], disk_usage(paths))

    def _run(self) -> None:
        next_disk = 0.0
        while not self._done.is_set():
            self.peak_bytes = max(self.peak_bytes, *tree_memory(self.pid))
            if self.watch and time.monotonic() >= next_disk:
                self._sample_disk()
                next_disk = time.monotonic() + self.disk_interval
            self._done.wait(MEMORY_INTERVAL)


def measure(
    cmd: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
    watch: Mapping[str, Sequence[Path]] | None = None,
    disk_interval: float = DISK_INTERVAL,
) -> Measurement:
    """Run `cmd` (stdout and stderr captured together); with `check`, raise CommandFailed on a
    non-zero exit, else return the measurement with its `returncode`. `watch` names groups of
    folders whose summed disk use is sampled; their peaks are `disk_peaks`."""
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=full_env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = Sampler(process.pid, watch, disk_interval).start()
    assert process.stdout is not None
    stdout = process.stdout.read()  # until every process holding the pipe has let go of it
    process.stdout.close()
    process.wait()
    seconds = time.perf_counter() - start
    sampler.stop()
    result = Measurement(seconds, sampler.peak_bytes, stdout, process.returncode, dict(sampler.disk_peaks))
    if check and process.returncode != 0:
        raise CommandFailed(f"{' '.join(cmd)} exited with {process.returncode}:\n{result.error_tail()}")
    return result
