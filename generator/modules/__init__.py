"""Domain modules: each submodule defines `build(ctx: Context) -> dict[str, polars.DataFrame]`
returning its tables by name (every name declared in a sources YAML with `loader: generator`).
They are discovered here and run in name order; each table draws from its own random stream,
so adding a module changes no other table."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

import polars as pl

from generator.context import Context

Builder = Callable[[Context], dict[str, pl.DataFrame]]


def discover() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
