"""Allocator settings for a run: keep freed memory for reuse instead of handing it back to the
kernel at once. A run allocates and frees many large temporary arrays; returned pages are
faulted in again, page by page, on the next allocation (a large share of a run's system time).

Must run before Polars is imported (its jemalloc reads `_RJEM_MALLOC_CONF` when it loads).
"""

from __future__ import annotations

import ctypes
import os
import sys

# Polars' jemalloc: purge freed pages after this many milliseconds (Polars' default: 500 / 1000)
JEMALLOC_CONF = "dirty_decay_ms:10000,muzzy_decay_ms:10000"
# glibc malloc (numpy's arrays): serve large arrays from the heap, not a fresh mmap each, and
# keep up to this much free memory at the top of the heap
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 1 << 30
TRIM_THRESHOLD = 1 << 30


def tune_allocators() -> None:
    """Set both allocators (no effect where they are not jemalloc in Polars and glibc)."""
    if "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", JEMALLOC_CONF)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None)
            mallopt = libc.mallopt
        except (OSError, AttributeError):
            return
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
