"""Faker's own word lists and formats, read from its provider classes and drawn from with numpy.

Faker draws one item per call through a weighted `random_element` and a regex template parser,
which is slow; here the same lists (with Faker's weights where it has them) and the same
`{{token}}` templates are drawn for many items at once. No Faker instance is built: the provider
classes are imported directly, with Faker's own fallback when a locale lacks a provider.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from itertools import repeat
from operator import itemgetter
from string import ascii_letters, ascii_uppercase

import numpy as np

FALLBACK_LOCALE = "en_US"
TOKEN = re.compile(r"\{\{\s*(\w+)\s*\}\}")
DIGITS = tuple("0123456789")
# numerify's placeholders (Faker's BaseProvider.numerify and bothify): '!' and '@' are empty half the time
NUMERIFY: dict[str, tuple[str, ...]] = {
    "#": DIGITS,
    "%": DIGITS[1:],
    "$": DIGITS[2:],
    "!": ("",) * 10 + DIGITS,
    "@": ("",) * 9 + DIGITS[1:],
    "?": tuple(ascii_letters),
}
UPPER = tuple(ascii_uppercase)
NUMERIFY_TABLES = {char: np.array(table, dtype=object) for char, table in NUMERIFY.items() if char in "!@?"}
FIRST_DIGIT = {"#": 0, "%": 1, "$": 2}  # a run's first placeholder: its lowest digit
RUNS = re.compile(r"[#%$]#*|.", re.DOTALL)


@cache
def provider(kind: str, locale: str) -> type:
    """Faker's provider class of `kind` for `locale` (its language's default when it has none).

    Only the class lookup is cached (as the import system caches the modules): a failed import
    of a missing locale would otherwise search the file system on every call.
    """
    package = import_module(f"faker.providers.{kind}")
    try:
        module = import_module(f"faker.providers.{kind}.{locale}")
    except ModuleNotFoundError:
        module = import_module(f"faker.providers.{kind}.{getattr(package, 'default_locale', FALLBACK_LOCALE)}")
    return module.Provider  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Words:
    """Faker's word list as it stands: a tuple (an item listed twice is drawn twice as often) or
    a mapping of items to weights. Only the drawn items are copied out of it."""

    items: Sequence[str]
    weights: np.ndarray | None = None  # None: every listed item equally likely
    cumulative: np.ndarray | None = None

    @classmethod
    def of(cls, source: Sequence[str] | Mapping[str, float]) -> Words:
        if isinstance(source, Mapping):
            weights = np.fromiter(source.values(), float, len(source))
            return cls(list(source), weights, np.cumsum(weights))
        return cls(source)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """k items, with replacement, by weight."""
        return _take(self.items, _indices(rng, len(self.items), self.cumulative, k))

    def sample(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """k distinct items (fewer if the list has fewer), as Faker's draws repeated until k distinct
        ones came up: the items in a random order by weight (exponential keys over the weights,
        smallest first), an item listed twice kept once."""
        n = len(self.items)
        if self.weights is not None:  # a mapping: distinct items
            keys = rng.exponential(size=n) / self.weights
            first = np.argpartition(keys, k - 1)[:k] if k < n else np.arange(n)
            return _take(self.items, first[np.argsort(keys[first], kind="stable")])
        distinct = dict.fromkeys(_pick(self.items, rng.choice(n, min(n, k + 32), replace=False).tolist()))
        if len(distinct) < k < n:  # more repeated items than the few extra draws: all, in a random order
            distinct = dict.fromkeys(_pick(self.items, rng.permutation(n).tolist()))
        return np.array(list(distinct)[:k], dtype=object)


@dataclass(frozen=True)
class Formats:
    """`{{token}}` templates; with `numerify`, their literal text has Faker's placeholders
    ('#' a digit, '%' a non-zero digit, '?' a letter...) filled in. `tables` adds placeholder
    characters of a caller's own (a postcode's letter sets), drawn uniformly."""

    formats: tuple[str, ...]
    cumulative: np.ndarray | None = None
    numerify: bool = False
    tables: Mapping[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        source: Sequence[str] | Mapping[str, float],
        *,
        numerify: bool = False,
        tables: Mapping[str, Sequence[str]] | None = None,
    ) -> Formats:
        words = Words.of(source)
        arrays = {char: np.array(tuple(table), dtype=object) for char, table in (tables or {}).items()}
        return cls(tuple(words.items), words.cumulative, numerify, arrays)


Source = Words | Formats


def numerify(source: Sequence[str] | Mapping[str, float]) -> Formats:
    return Formats.of(source, numerify=True)


def render(rng: np.random.Generator, tokens: Mapping[str, Source], token: str, k: int) -> np.ndarray:
    """k strings for `token`: a word list's items, or one of its templates filled in. A token that
    several templates use is drawn once for all k items and shared by them (a token used twice in
    one template, as in "{{last_name}}, {{last_name}} and {{last_name}}", is drawn once per use)."""
    source = tokens[token]
    if isinstance(source, Words):
        return source.draw(rng, k)
    if len(source.formats) == 1:
        return _fill(rng, tokens, source, source.formats[0], {}, k)
    which = _indices(rng, len(source.formats), source.cumulative, k)
    numbers = _numbers(source.formats) if source.numerify else None
    if numbers is not None:
        return _numbered(rng, numbers, which)
    drawn = {use: render(rng, tokens, use[0], k) for use in _shared(source.formats)}
    out = np.empty(k, dtype=object)
    for index, text in enumerate(source.formats):
        rows = np.flatnonzero(which == index)
        if len(rows):
            uses = {use: drawn[use][rows] for use in _uses((text,)) if use in drawn}
            out[rows] = _fill(rng, tokens, source, text, uses, len(rows))
    return out


@dataclass(frozen=True)
class _Numbers:
    """numerify formats that are each one number between fixed texts ("Apt. ###", "%#", "1###")."""

    prefix: np.ndarray
    suffix: np.ndarray
    low: np.ndarray
    span: np.ndarray
    width: np.ndarray  # zero-padded to this many digits (a run that starts with '#'), else 0


@cache
def _numbers(formats: tuple[str, ...]) -> _Numbers | None:
    parts = []
    for text in formats:
        runs = _runs(text)
        digits = [i for i, run in enumerate(runs) if run[0] in FIRST_DIGIT]
        if len(digits) != 1 or any(run in NUMERIFY for run in runs):
            return None
        run = runs[digits[0]]
        low, scale = FIRST_DIGIT[run[0]], 10 ** (len(run) - 1)
        width = len(run) if run[0] == "#" and len(run) > 1 else 0
        parts.append(
            ("".join(runs[: digits[0]]), "".join(runs[digits[0] + 1 :]), low * scale, (10 - low) * scale, width)
        )
    prefix, suffix, low, span, width = zip(*parts, strict=True)
    as_text = {"dtype": object}
    return _Numbers(
        np.array(prefix, **as_text), np.array(suffix, **as_text), np.array(low), np.array(span), np.array(width)
    )


def _numbered(rng: np.random.Generator, numbers: _Numbers, which: np.ndarray) -> np.ndarray:
    values = (numbers.low[which] + rng.random(len(which)) * numbers.span[which]).astype(np.int64).tolist()
    if numbers.width.any():
        texts = [f"{x:0{w}d}" for x, w in zip(values, numbers.width[which].tolist(), strict=True)]
    else:
        texts = list(map(str, values))
    pieces = [numbers.prefix[which] if numbers.prefix.any() else "", texts]
    pieces.append(numbers.suffix[which] if numbers.suffix.any() else "")
    return _concat([piece for piece in pieces if len(piece)], len(which))  # type: ignore[arg-type]


def pattern(rng: np.random.Generator, text: str, tables: Mapping[str, np.ndarray], k: int) -> np.ndarray | str:
    """k copies of `text` with each placeholder character replaced by a draw from its table."""
    if not tables or not any(char in tables for char in text):
        return text
    return _concat([_draw(rng, tables[char], k) if char in tables else char for char in text], k)


@cache
def _parse(text: str) -> list[str]:
    """literal, token, literal, token, ... (the parse of a constant template)"""
    return TOKEN.split(text)


@cache
def _uses(formats: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(token, n-th use in its template), over all templates: the draws they need."""
    uses: dict[tuple[str, int], None] = {}
    for text in formats:
        tokens = _parse(text)[1::2]
        uses.update(dict.fromkeys((name, tokens[:i].count(name)) for i, name in enumerate(tokens)))
    return tuple(uses)


@cache
def _shared(formats: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """The uses (see _uses) that more than one template needs."""
    counts = Counter(use for text in formats for use in _uses((text,)))
    return tuple(use for use, count in counts.items() if count > 1)


@cache
def _runs(text: str) -> tuple[str, ...]:
    """numerify's text cut into runs of digits ('#', '%' or '$' then '#'s) and single characters."""
    return tuple(match.group(0) for match in RUNS.finditer(text))


def _numerify(rng: np.random.Generator, text: str, tables: Mapping[str, np.ndarray], k: int) -> np.ndarray | str:
    pieces: list[np.ndarray | list[str] | str] = []
    for run in _runs(text):
        if run[0] in FIRST_DIGIT:  # a number of len(run) digits, uniformly: one draw
            low, scale = FIRST_DIGIT[run[0]], 10 ** (len(run) - 1)
            width = len(run) if run[0] == "#" else 0
            numbers = (low * scale + rng.random(k) * ((10 - low) * scale)).astype(np.int64).tolist()
            pieces.append([f"{x:0{width}d}" for x in numbers] if width > 1 else list(map(str, numbers)))
        elif run in tables:
            pieces.append(_draw(rng, tables[run], k))
        else:
            pieces.append(run)
    if all(isinstance(piece, str) for piece in pieces):
        return "".join(pieces)  # type: ignore[arg-type]
    return _concat(pieces, k)


def _fill(
    rng: np.random.Generator,
    tokens: Mapping[str, Source],
    source: Formats,
    template: str,
    drawn: Mapping[tuple[str, int], np.ndarray],
    k: int,
) -> np.ndarray:
    pieces: list[np.ndarray | list[str] | str] = []
    seen: dict[str, int] = {}
    for i, part in enumerate(_parse(template)):
        if i % 2:
            use = (part, seen.get(part, 0))
            seen[part] = use[1] + 1
            pieces.append(drawn[use] if use in drawn else render(rng, tokens, part, k))
        elif part and source.numerify:
            pieces.append(
                _numerify(rng, part, {**NUMERIFY_TABLES, **source.tables} if source.tables else NUMERIFY_TABLES, k)
            )
        elif part:
            pieces.append(pattern(rng, part, source.tables, k))
    return _concat(pieces, k)


def _concat(pieces: Sequence[np.ndarray | list[str] | str], k: int) -> np.ndarray:
    """Strings joined element-wise (a str piece is the same in every row; the others are k
    strings each, iterated as lists)."""
    columns: list[Iterable[str]] = []
    constant = True
    for piece in pieces:
        if isinstance(piece, str):
            columns.append(repeat(piece, k))
        else:
            columns.append(piece.tolist() if isinstance(piece, np.ndarray) else piece)
            constant = False
    if constant:
        return np.full(k, "".join(pieces), dtype=object)  # type: ignore[arg-type]
    if len(columns) == 1:
        return pieces[0] if isinstance(pieces[0], np.ndarray) else _array(pieces[0])  # type: ignore[arg-type]
    return _array(list(map("".join, zip(*columns, strict=False))))


def _take(items: Sequence[str], indices: np.ndarray) -> np.ndarray:
    return _array(_pick(items, indices.tolist()))


def _pick(items: Sequence[str], indices: list[int]) -> Sequence[str]:
    """items[i] for each i (itemgetter: one call for all of them, but a bare item for one index)."""
    if len(indices) > 1:
        return itemgetter(*indices)(items)  # type: ignore[no-any-return]
    return [items[i] for i in indices]


def _array(texts: Sequence[str]) -> np.ndarray:
    """A 1-d object array of strings."""
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def _draw(rng: np.random.Generator, table: np.ndarray, k: int) -> np.ndarray:
    return table[_uniform(rng, len(table), k)]


def _uniform(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """k indices below n, uniformly (numpy's integers() costs twice as much per call at this size)."""
    return (rng.random(k) * n).astype(np.intp)


def _indices(rng: np.random.Generator, n: int, cumulative: np.ndarray | None, k: int) -> np.ndarray:
    if cumulative is None:
        return _uniform(rng, n, k)
    return np.searchsorted(cumulative, rng.random(k) * cumulative[-1], side="right")
