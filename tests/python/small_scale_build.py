"""Generate and build small scales one after another, in the background of the test session
(test_small_scales.py reads the results): `python -m tests.python.small_scale_build DIR
7:3 30:7` writes DIR/<clients>-clients-seed-<seed>/ with the raw files, the warehouse, dbt's
output (build.out) and its exit code (returncode)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from tests.python.conftest import dbt, generate_into

YEARS = 10


def folder_name(scale: int, seed: int) -> str:
    return f"{scale}-clients-seed-{seed}"


def build_one(workdir: Path, scale: int, seed: int) -> None:
    folder = workdir / folder_name(scale, seed)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        raw = generate_into(folder / "raw", seed=seed, scale=scale, years=YEARS)
        # every data test on this data (the unit tests read no data: the session's build ran them)
        result = dbt(
            ["build", "--target", "duckdb", "--exclude", "resource_type:unit_test"],
            {"WEALTH_RAW_DIR": str(raw), "WEALTH_DUCKDB_PATH": str(folder / "wealth.duckdb")},
            folder,
        )
        (folder / "build.out").write_text(result.stdout, encoding="utf-8")
        code = result.returncode
    except Exception:  # the test reads what went wrong
        (folder / "build.out").write_text(traceback.format_exc(), encoding="utf-8")
        code = 1
    (folder / "returncode").write_text(str(code), encoding="utf-8")


def main(argv: list[str]) -> int:
    workdir = Path(argv[0])
    for pair in argv[1:]:
        scale, seed = (int(part) for part in pair.split(":"))
        build_one(workdir, scale, seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
