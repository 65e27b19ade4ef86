"""The whole run: the shared market data first, then the firm's shared tables, then the shards
(generator/shard_run.py), each in a worker process when there are several (`--jobs`), writing
its own parts; last, the tables that total the shards, each reduced from the shards' small
summaries (a module's `reduce`), never from their rows. One bar counts the shards. With
--shards, a range of the shards only, their summaries kept for --combine."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from types import ModuleType
from typing import Any

from tqdm import tqdm

from generator.config import Config
from generator.context import FirmContext
from generator.modules import discover
from generator.shard_run import ShardResult, build_firm, init_worker, run_shard, work
from generator.writer import Writer


def _bar(config: Config, total: int) -> Any:
    if not config.progress:
        return nullcontext(None)
    return tqdm(total=total, desc="shards", unit="shard", file=sys.stderr, leave=True)


def _shard_results(
    config: Config, writer: Writer, firm: FirmContext, modules: list[ModuleType]
) -> Iterator[ShardResult]:
    """Every shard's result, in shard order."""
    shards = config.selected_shards
    if config.jobs <= 1 or len(shards) == 1:
        for shard in shards:
            yield run_shard(firm, shard, writer.tmp, modules)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with Polars' threads
    # the workers start with Ctrl-C ignored (inherited), so that it reaches the run alone,
    # which stops them
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = context.Pool(min(config.jobs, len(shards)), initializer=init_worker, initargs=(config, writer.tmp))
    finally:
        signal.signal(signal.SIGINT, handler)
    try:
        yield from pool.imap(work, shards)
        pool.close()
    finally:
        pool.terminate()  # at once, on an error or Ctrl-C too
        pool.join()


def run(config: Config) -> None:
    """The whole run, or with --shards the shared tables and a range of the shards, whose
    summaries are kept for --combine (generator/combine.py) to reduce."""
    firm = build_firm(config)
    modules = discover()
    shards = config.selected_shards
    partial = None
    if config.shard_range is not None:
        partial = {"shards": list(config.shard_range), "of": config.shard_count}
    with Writer(config.out, config.fmt, config.arguments(), partial) as writer:
        write_shared(writer, firm, modules)
        summaries: dict[str, list[object]] = {}
        with _bar(config, len(shards)) as bar:
            for result in _shard_results(config, writer, firm, modules):
                writer.add_parts(result.entries)
                if partial is not None:
                    writer.save_summaries(f"part-{result.index:05d}", result.summaries)
                for module_name, summary in result.summaries.items():
                    summaries.setdefault(module_name, []).append(summary)
                if bar is not None:
                    bar.update(1)
        if partial is None:
            write_reduced(writer, firm, modules, summaries)


def write_shared(writer: Writer, firm: FirmContext, modules: list[ModuleType]) -> None:
    """The tables made once for the firm: the calendar, the market data, the modules' shared ones."""
    writer.shared("trading_calendar", firm.cal.all_days)
    for name, frame in firm.market.tables.items():
        writer.shared(name, frame)
    for module in modules:
        build_shared = getattr(module, "build_firm", None)
        if build_shared is not None:
            for name, frame in build_shared(firm).items():
                writer.shared(name, frame)


def write_reduced(
    writer: Writer, firm: FirmContext, modules: list[ModuleType], summaries: dict[str, list[object]]
) -> None:
    """The tables that total the shards, from the shards' summaries (in shard order)."""
    for module in modules:
        reduce = getattr(module, "reduce", None)
        if reduce is not None:
            for name, frame in reduce(firm, summaries.get(module.__name__, [])).items():
                writer.shared(name, frame)
