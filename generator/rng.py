"""Per-table random streams: each key gets its own generator derived from the run's seed.

A stream is keyed by a stable string (a table name, or a table and a purpose), so adding a
table or a draw elsewhere never shifts the draws of another table. A shard's rows draw from
streams keyed by the shard's number too (generator/shards.py), so a shard's rows depend on
nothing but the seed, the shard's number and its clients: not on the scale, nor on which
process made them.
"""

from __future__ import annotations

import hashlib

import numpy as np


def _key_words(key: str) -> tuple[int, ...]:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


def stream(seed: int, key: str, shard: int | None = None) -> np.random.Generator:
    """A numpy generator for `key` (and `shard`: None for the firm's shared tables),
    independent of every other key's and shard's."""
    words = _key_words(key) if shard is None else (*_key_words(key), shard + 1)
    sequence = np.random.SeedSequence(entropy=seed, spawn_key=words)
    return np.random.Generator(np.random.PCG64(sequence))


def int_seed(seed: int, key: str, shard: int | None = None) -> int:
    """A plain integer seed for libraries that take one (Faker), derived like `stream`."""
    return int(stream(seed, key, shard).integers(0, 2**31 - 1))
