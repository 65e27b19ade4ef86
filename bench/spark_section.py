"""Section 5: the same dbt build on Spark (dbt-spark's in-process session) beside DuckDB's."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from bench import report as fmt
from bench.common import Context
from bench.dbt_build import DbtRun, run_dbt
from bench.generator_section import Generated

SPARK_SCALE = 1_000
DRIVER_MEMORY = "4g"


def spark_scale(scales: Sequence[int]) -> int:
    """SPARK_SCALE when measured, else the smallest scale of the run."""
    return SPARK_SCALE if SPARK_SCALE in scales else min(scales)


def spark_build(ctx: Context, generated: Generated) -> DbtRun:
    """`dbt build --target spark` on the generated CSV folder, with a fresh folder for Spark's
    warehouse and Derby metastore (deleted afterwards)."""
    folder = ctx.work / f"spark_{generated.scale}"
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        "WEALTH_SPARK_DIR": str(folder),
        "PYSPARK_SUBMIT_ARGS": (
            f"--driver-memory {DRIVER_MEMORY} "
            f"--conf spark.driver.extraJavaOptions=-Dderby.system.home={folder}/derby pyspark-shell"
        ),
    }
    try:
        return run_dbt(ctx.repo, ctx.work, generated.scale, "spark", generated.folder, "csv", env, {})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def spark_section(spark: DbtRun | None, duckdb: Sequence[DbtRun], skipped: str = "") -> list[str]:
    lines = [
        "## 5. dbt build on Spark beside DuckDB",
        "",
        "`dbt build --profiles-dir profiles --target spark`: dbt-spark's `session` method (PySpark inside "
        "dbt's process, the JVM its child, started by spark-submit), one thread, driver memory "
        f"{DRIVER_MEMORY}, on section 1's CSV folder, with a fresh `WEALTH_SPARK_DIR` (warehouse and Derby "
        "metastore) in the bench work folder. Peak tree RSS counts the JVM; the time includes its start "
        "(about 20 s). Beside it, section 4's DuckDB build of the same folder. No target: the comparison only.",
        "",
    ]
    if spark is None:
        return [*lines, f"Not run{f' ({skipped})' if skipped else ''}."]
    same = next((r for r in duckdb if r.scale == spark.scale), None)
    rows = []
    for r in (same, spark):
        if r is not None:
            result = r.summary if r.ok else f"**failed**: {r.summary}"
            rows.append([r.engine, fmt.count(r.scale), fmt.seconds(r.run.seconds), fmt.mib(r.run.peak_bytes), result])
    lines += fmt.table(["Engine", "Clients", "dbt build", "Peak tree RSS", "Result"], rows)
    if same is not None:
        time_ratio = spark.run.seconds / same.run.seconds
        memory_ratio = spark.run.peak_bytes / same.run.peak_bytes
        lines += [
            "",
            f"Spark / DuckDB at {spark.scale:,} clients: {fmt.ratio(time_ratio)} the time, "
            f"{fmt.ratio(memory_ratio)} the peak memory.",
        ]
    if spark.failures:
        lines += ["", "Failed on Spark: " + "; ".join(f"`{f}`" for f in spark.failures) + "."]
    return lines
