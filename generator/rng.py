"""Per-table random streams: each key gets its own generator derived from the run's seed.

A stream is keyed by a stable string (a table name, or a table and a purpose), so adding a
table or a draw elsewhere never shifts the draws of another table.
"""

from __future__ import annotations

import hashlib

import numpy as np


def _key_words(key: str) -> tuple[int, ...]:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


def stream(seed: int, key: str) -> np.random.Generator:
    """A numpy generator for `key`, independent of every other key's."""
    sequence = np.random.SeedSequence(entropy=seed, spawn_key=_key_words(key))
    return np.random.Generator(np.random.PCG64(sequence))


def int_seed(seed: int, key: str) -> int:
    """A plain integer seed for libraries that take one (Faker), derived like `stream`."""
    return int(stream(seed, key).integers(0, 2**31 - 1))
