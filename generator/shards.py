"""Shards: the firm's clients in fixed-size slices, each made on its own, like branch offices.

A shard holds its clients, their advisors and advisor assignments, accounts, portfolios, the
simulation of its accounts and every per-client table of every domain module; the market data
and the firm's shared tables are made once and read by every shard. A shard's rows draw from
streams keyed by the shard's number (generator/rng.py), so they are the same whatever the
number of workers, and a run at a larger scale contains a smaller run's full shards unchanged.

Keys are global. Client ids are dense: the firm's i-th client has id i. Every other key of a
shard's rows is the shard's number times ID_BLOCK plus the row's number in the shard (1, 2,
3 ...), so shard 0's keys are what a one-shard run's would be, and no two shards' keys meet
(the way TPC-H's dbgen keeps its order keys sparse to make them in independent chunks).
Market keys (securities) and the shared tables' keys are the firm's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHARD_SIZE = 1000  # clients per shard: a constant of the generator, never derived from the workers
ID_BLOCK = 1_000_000_000  # key space of one shard for every key but client_id


@dataclass(frozen=True)
class Shard:
    index: int  # 0, 1, 2 ...
    first_client: int  # the clients of the shards before this one
    clients: int  # clients in this shard (SHARD_SIZE but in the last shard of a run)

    @property
    def id_offset(self) -> int:
        return self.index * ID_BLOCK

    @property
    def part(self) -> str:
        """The name of this shard's file in each table's folder, without its extension."""
        return f"part-{self.index:05d}"

    def client_ids(self) -> np.ndarray:
        return np.arange(self.first_client + 1, self.first_client + self.clients + 1, dtype=np.int64)

    def ids(self, n: int) -> np.ndarray:
        """Keys of the shard's first `n` rows of a table."""
        if n >= ID_BLOCK:
            raise ValueError(f"shard {self.index} has {n} rows of one table, more than its key space ({ID_BLOCK})")
        return np.arange(self.id_offset + 1, self.id_offset + n + 1, dtype=np.int64)


def plan(scale: int, size: int = SHARD_SIZE) -> list[Shard]:
    """The shards of a run of `scale` clients: full ones, and the remainder last."""
    if scale < 1 or size < 1:
        raise ValueError("scale and shard size must be positive")
    return [
        Shard(index=i, first_client=i * size, clients=min(size, scale - i * size)) for i in range(-(-scale // size))
    ]
