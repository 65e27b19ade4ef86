"""Run configuration, the bounds of the arguments, and the size estimates the command line
checks against the memory and the disk space available."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from math import ceil
from pathlib import Path

import numpy as np

from generator.rng import stream
from generator.shards import SHARD_SIZE, Shard, plan

DEFAULT_SEED = 42
DEFAULT_SCALE = 1000
DEFAULT_AS_OF = date(2025, 12, 31)
DEFAULT_YEARS = 10
FORMATS = ("csv", "parquet")
# numpy's SeedSequence takes any non-negative integer; the manifest records the seed, so it is
# kept within a signed 64-bit integer, which every reader of JSON numbers holds.
MAX_SEED = 2**63 - 1
EARLIEST_START = date(1990, 1, 1)
# Some dates are drawn decades after the as-of date (a legacy goal at 85 for a client of 23,
# bond and loan maturities, policy ends: up to about 62 years); Python's dates end at 9999-12-31.
LATEST_AS_OF = date(9899, 12, 31)
# A shorter history leaves tables without rows (no quarterly fee, fewer months than the six of
# a drawdown), which the modules do not handle: at one client, 183 days or less fail, 240 work.
MIN_HISTORY_DAYS = 365

# Peak resident memory of a process making one shard, linear in the shard's client-years of
# history, fitted when one process made every client (802 MiB at 1,000 clients x 10 years,
# 4,065 MiB at 10,000 x 10, 7.1 GiB at 18,000 x 10: 39,859 bytes a client-year over 371 MiB;
# up to 1.2 times the fit at 2,000 and 5,000 clients, hence a margin of 1.3). Since the run is
# made in shards, a worker holds one shard at a time (790 MiB measured for 1,000 x 10) and the
# run's own process the market data and the shared tables (240 MiB), whatever the scale.
BYTES_PER_CLIENT_YEAR = 40_000
BASE_BYTES = 372 * 2**20
RUN_BYTES = 256 * 2**20
MEMORY_MARGIN = Fraction(13, 10)
# Size of the CSV output (du -sb; 1 to 5,000 clients, 1 to 10 years): the market data grows with
# the years of history (every security's price every trading day, whatever the number of
# clients): 2.85 MB a year; the rest with the clients (21 KB each: records, accounts, goals) and
# their years (23 KB a client-year at 1,000 to 10,000 clients: the ledger and the modules). The
# Parquet output measured 14% to 23% of the CSV. A margin of a fifth on top.
OUTPUT_BASE_BYTES = 500_000
OUTPUT_MARKET_BYTES_PER_YEAR = 2_900_000
OUTPUT_BYTES_PER_CLIENT = 21_500
OUTPUT_BYTES_PER_CLIENT_YEAR = 23_500
OUTPUT_PARQUET_SHARE = Fraction(1, 4)
OUTPUT_MARGIN = Fraction(6, 5)


@dataclass(frozen=True)
class Config:
    seed: int = DEFAULT_SEED
    scale: int = DEFAULT_SCALE
    as_of: date = DEFAULT_AS_OF
    years: int = DEFAULT_YEARS
    out: Path = Path("data/raw")
    fmt: str = "csv"
    start: date | None = None
    progress: bool = False
    shard_size: int = SHARD_SIZE
    jobs: int = 1
    shard: Shard | None = None  # set on the config a shard's builders get (for_shard)
    shard_range: tuple[int, int] | None = None  # --shards FROM:TO: a part of the run (TO excluded)

    @property
    def history_start(self) -> date:
        if self.start is not None:
            return self.start
        try:
            return self.as_of.replace(year=self.as_of.year - self.years)
        except ValueError:  # 29 February
            return self.as_of.replace(year=self.as_of.year - self.years, day=28)

    @property
    def shards(self) -> list[Shard]:
        return plan(self.scale, self.shard_size)

    @property
    def shard_count(self) -> int:
        return -(-self.scale // self.shard_size)

    @property
    def selected_shards(self) -> list[Shard]:
        """The shards this run makes: all, or the range --shards names."""
        if self.shard_range is None:
            return self.shards
        first, stop = self.shard_range
        return self.shards[first:stop]

    @property
    def part(self) -> Shard:
        """The shard a builder makes rows for (the first when none is set)."""
        return self.shard if self.shard is not None else self.shards[0]

    def for_shard(self, shard: Shard) -> Config:
        return replace(self, shard=shard)

    def stream(self, key: str) -> np.random.Generator:
        """The random stream of `key` in this config's shard (see generator/rng.py)."""
        return stream(self.seed, key, self.part.index)

    @property
    def n_advisors(self) -> int:
        """Advisors of the shard: one per 80 clients, three at least (a branch office's)."""
        return max(3, round(self.part.clients / 80))

    def arguments(self) -> dict[str, object]:
        """The arguments that define the output, as recorded in the manifest."""
        return {
            "seed": self.seed,
            "scale": self.scale,
            "as_of": self.as_of.isoformat(),
            "history_start": self.history_start.isoformat(),
            "format": self.fmt,
            "shard_size": self.shard_size,
        }

    @property
    def span_years(self) -> float:
        return max((self.as_of - self.history_start).days / 365.25, 0.1)

    def _years(self) -> Fraction:
        """The years of history, exactly (the estimates stay integers at any --scale)."""
        return Fraction(max((self.as_of - self.history_start).days, 1) * 4, 1461)

    def estimated_peak_bytes(self) -> int:
        """The run's process and its workers together: bounded by the shard size and the number
        of workers, not by the scale (computed without listing the shards)."""
        shard = BASE_BYTES + BYTES_PER_CLIENT_YEAR * min(self.scale, self.shard_size) * self._years()
        workers = min(self.jobs, -(-self.scale // self.shard_size))
        return ceil(MEMORY_MARGIN * (shard if workers <= 1 else RUN_BYTES + workers * shard))

    def estimated_output_bytes(self) -> int:
        years = self._years()
        csv = (
            OUTPUT_BASE_BYTES
            + OUTPUT_MARKET_BYTES_PER_YEAR * years
            + OUTPUT_BYTES_PER_CLIENT * self.scale
            + OUTPUT_BYTES_PER_CLIENT_YEAR * self.scale * years
        )
        return ceil(OUTPUT_MARGIN * csv * (OUTPUT_PARQUET_SHARE if self.fmt == "parquet" else 1))
