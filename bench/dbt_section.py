"""Section 4: the dbt build on DuckDB at each scale: time, memory, spill and disk, the slowest
nodes and how they grow, and generate + build against its target."""

from __future__ import annotations

from collections.abc import Sequence

from bench import report as fmt
from bench.common import TARGET_SCALE, Context
from bench.dbt_build import DbtRun, duckdb_build, slowest_lines
from bench.generator_section import Generated

BUILD_TARGET_SECONDS = 150.0


def dbt_build(ctx: Context, generated: Generated) -> DbtRun:
    return duckdb_build(ctx.repo, ctx.work, generated.scale, generated.folder, "csv")


def generate_and_build(generated: Generated, built: DbtRun) -> str:
    total = generated.run.seconds + built.run.seconds
    return f"{generated.run.seconds:,.2f} + {built.run.seconds:,.2f} = {fmt.seconds(total)}"


def build_target(gen: Sequence[Generated], runs: Sequence[DbtRun]) -> fmt.Target:
    goal = f"generate + build at {TARGET_SCALE:,} clients in under {BUILD_TARGET_SECONDS:,.0f} s"
    built = next((r for r in runs if r.scale == TARGET_SCALE), None)
    generated = next((g for g in gen if g.scale == TARGET_SCALE), None)
    if built is None or generated is None:
        return fmt.Target.unmeasured(goal, f"{TARGET_SCALE:,} clients not in this run")
    figure = generate_and_build(generated, built)
    if not built.ok:
        return fmt.Target(goal, f"{figure}, but the build failed", False)
    return fmt.Target(goal, figure, generated.run.seconds + built.run.seconds < BUILD_TARGET_SECONDS)


def dbt_section(gen: Sequence[Generated], runs: Sequence[DbtRun]) -> list[str]:
    by_scale = {g.scale: g for g in gen}
    rows = []
    for r in runs:
        rows.append(
            [
                fmt.count(r.scale),
                fmt.seconds(r.run.seconds),
                fmt.mib(r.run.peak_bytes),
                fmt.size(r.spill_peak),
                fmt.per_thousand(r.raw_bytes, r.scale),
                fmt.per_thousand(r.warehouse_bytes, r.scale),
                fmt.size(r.disk_peak),
                generate_and_build(by_scale[r.scale], r),
                r.summary if r.ok else f"**failed**: {r.summary}",
            ]
        )
    header = ["Clients", "dbt build", "Peak tree RSS", "Spill peak", "Raw files / 1,000 clients"]
    header += ["DuckDB files / 1,000 clients", "Peak disk", "Generate + build", "Result"]
    lines = [
        "## 4. dbt build (DuckDB)",
        "",
        "`dbt build --profiles-dir profiles --target duckdb` on section 1's CSV folder (raw load hook, seeds, "
        "models and tests), into a fresh DuckDB file, as a child process; its own `--target-path` per scale. "
        "Peak tree RSS as in section 1. DuckDB spills into a folder of its own in the bench work folder "
        "(`WEALTH_DUCKDB_TEMP_DIR`), whose size is sampled every 0.5 s: the spill peak. The DuckDB files are "
        "`wealth.duckdb` and, beside it, `wealth.intermediate.duckdb` when the build makes it (with any "
        "write-ahead log), their bytes after the build; the raw files' bytes are the manifest's. Peak disk is "
        "the raw files, the DuckDB files and the spill together, sampled every 0.5 s during the build (blocks "
        "allocated, as `du` counts them). Generate + build adds section 1's median generator time. A failed "
        "build counts as not met.",
        "",
        *fmt.targets([build_target(gen, runs)]),
        "",
        *fmt.table(header, rows),
    ]
    for r in runs:
        if r.failures:
            lines += ["", f"Failed at {r.scale:,} clients: " + "; ".join(f"`{f}`" for f in r.failures) + "."]
    slowest = slowest_lines(runs)
    return [*lines, "", *slowest] if slowest else lines
