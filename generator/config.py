"""Run configuration and the scale plan (scale -> volume of each entity)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from generator.rng import stream
from generator.shards import SHARD_SIZE, Shard, plan

DEFAULT_SEED = 42
DEFAULT_SCALE = 1000
DEFAULT_AS_OF = date(2025, 12, 31)
DEFAULT_YEARS = 10
FORMATS = ("csv", "parquet")
EARLIEST_START = date(1990, 1, 1)
# Measured peak resident memory per client-year of history, with a safety factor of two.
BYTES_PER_CLIENT_YEAR = 120_000
BASE_BYTES = 600_000_000
# Measured size of the CSV output per client-year of history (26 KB at 1,000 and at 10,000
# clients, market data included), with a margin of a fifth; Parquet is smaller.
OUTPUT_BYTES_PER_CLIENT_YEAR = 32_000
OUTPUT_BASE_BYTES = 64_000_000


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

    def estimated_peak_bytes(self) -> int:
        return int(BASE_BYTES + BYTES_PER_CLIENT_YEAR * self.scale * self.span_years)

    def estimated_output_bytes(self) -> int:
        return int(OUTPUT_BASE_BYTES + OUTPUT_BYTES_PER_CLIENT_YEAR * self.scale * self.span_years)
