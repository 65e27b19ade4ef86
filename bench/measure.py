"""Run one command as a child process and measure its wall time and peak resident memory.

Peak memory comes from GNU `/usr/bin/time -v` ("Maximum resident set size") when it exists.
Otherwise a fresh Python wrapper runs the command as its only child and prints
`getrusage(RUSAGE_CHILDREN).ru_maxrss`: with a single child that is the child's own peak
(in the bench process itself the value would be the maximum over every child run so far).
Both report the largest process of the waited-for tree, not the sum.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as f:\n"
    "    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero status; the message ends with its output."""


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_bytes: int
    stdout: str
    returncode: int = 0

    def error_tail(self, lines: int = 40) -> str:
        return "\n".join(self.stdout.splitlines()[-lines:])


def peak_method() -> str:
    if _has_gnu_time():
        return "GNU `/usr/bin/time -v` (maximum resident set size of the child)"
    return "a Python wrapper printing `getrusage(RUSAGE_CHILDREN).ru_maxrss` of its only child"


@functools.cache
def _has_gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "-v", "true"], capture_output=True, text=True, check=False)
    return "Maximum resident set size" in probe.stderr


def _parse_gnu_time(text: str) -> int:
    for line in text.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) * 1024
    raise ValueError(f"no peak memory in /usr/bin/time output: {text[-500:]}")


def measure(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, check: bool = True
) -> Measurement:
    """Run `cmd` (stdout and stderr captured together); with `check`, raise CommandFailed on a
    non-zero exit, else return the measurement with its `returncode`."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        if _has_gnu_time():
            wrapped = [GNU_TIME, "-v", "-o", str(report), *cmd]
        else:
            wrapped = [sys.executable, "-c", _WRAPPER, str(report), *cmd]
        start = time.perf_counter()
        done = subprocess.run(
            wrapped,
            env=full_env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        text = report.read_text(encoding="utf-8")
        peak = _parse_gnu_time(text) if "Maximum" in text else int(text) * 1024
    result = Measurement(seconds, peak, done.stdout, done.returncode)
    if check and done.returncode != 0:
        raise CommandFailed(f"{' '.join(cmd)} exited with {done.returncode}:\n{result.error_tail()}")
    return result
