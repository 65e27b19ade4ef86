"""How fast this machine hands out memory, measured before the timed runs.

A virtual machine whose host backs guest memory lazily, and takes back the pages the guest
has freed (virtio-balloon free page reporting), makes every first touch of a page a fault in
the host as well: on such a machine a process pays several times over for memory it did not
reuse, and the page cache of each file it writes. The figures of the other sections move
with this (from one machine, or one hour, to the next), so the report gives them beside it.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROBE_BYTES = 2 << 30
PAGE_REPORTING = Path("/sys/module/page_reporting")
_PROBE = (
    "import sys, time\n"
    "import numpy as np\n"
    "n = int(sys.argv[1]) // 8\n"
    "start = time.perf_counter(); block = np.ones(n); first = time.perf_counter() - start\n"
    "del block\n"
    "start = time.perf_counter(); block = np.ones(n); again = time.perf_counter() - start\n"
    "print(first, again)\n"
)


@dataclass(frozen=True)
class MemoryTouch:
    size_bytes: int
    first_seconds: float  # fault in and fill fresh memory (a new process's first array)
    again_seconds: float  # the same at once after freeing it (pages the guest still holds)
    page_reporting: bool  # the guest kernel reports freed pages to the host

    @property
    def slowdown(self) -> float:
        return self.first_seconds / self.again_seconds if self.again_seconds > 0 else float("inf")


def memory_touch(size_bytes: int = PROBE_BYTES) -> MemoryTouch:
    """Time filling `size_bytes` of new memory in a child process, twice: first, then again
    right after freeing it."""
    result = subprocess.run([sys.executable, "-c", _PROBE, str(size_bytes)], check=True, capture_output=True, text=True)
    first, again = (float(value) for value in result.stdout.split())
    return MemoryTouch(size_bytes, first, again, PAGE_REPORTING.is_dir())


def memory_touch_line(touch: MemoryTouch) -> str:
    size = f"{touch.size_bytes / 2**30:,.0f} GiB" if touch.size_bytes >= 2**30 else f"{touch.size_bytes >> 20} MiB"
    reporting = "on" if touch.page_reporting else "off"
    return (
        f"- Fresh memory, measured before the runs: filling {size} took {touch.first_seconds:,.2f} s "
        f"the first time and {touch.again_seconds:,.2f} s again at once after freeing it "
        f"({touch.slowdown:,.1f}x; free page reporting to a host: {reporting}). "
        "Where the first figure is several times the second, every process here pays that "
        "price for the memory it does not reuse and for the page cache of the files it writes."
    )
