"""`make build`: dbt builds a new warehouse in a folder beside the live file, which is moved
into place only when every model and test passed and no process has the live file open for
writing. A failed, refused or interrupted build leaves nothing behind: the live file, its
readers and the raw folder are as they were."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.interrupts import die_with_parent
from warehouse.locks import WriterHoldsFile, checkpoint, describe_holder, no_writer, swap_in
from warehouse.manifests import NoRawFiles, PartialRaw, built_from, check_whole, raw_format, raw_manifest_sha256, short

REPO = Path(__file__).resolve().parents[1]
BUILDING = ".building"


class Interrupted(Exception):
    """SIGINT or SIGTERM while building."""


class BuildRunning(Exception):
    """Another build of the same folder holds its lock."""


@dataclass(frozen=True)
class Build:
    raw_dir: Path
    database: Path

    @property
    def building(self) -> Path:
        return self.database.parent / BUILDING

    @property
    def staged(self) -> Path:
        return self.building / self.database.name  # the same name: DuckDB's catalog name

    def clean(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)


def say(message: str) -> None:
    print(f"warehouse: {message}", file=sys.stderr, flush=True)


@contextmanager
def only_build(folder: Path) -> Iterator[None]:
    """One build at a time per data folder (a lock on the folder itself, gone with the process)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildRunning(describe_holder(folder, lock_class="FLOCK")) from None
        yield
    finally:
        os.close(handle)


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted


def run_dbt(build: Build, dbt_args: Sequence[str]) -> int:
    """dbt build into the staging folder, its output passed through. On SIGINT/SIGTERM dbt is
    killed (in a session of its own, so its traceback never reaches the terminal) and
    Interrupted raised; if this process is killed, the kernel kills dbt too."""
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--profiles-dir",
        str(REPO / "profiles"),
        "--project-dir",
        str(REPO),
        "--target",
        "duckdb",
        *(["--use-colors"] if sys.stdout.isatty() else []),
        *dbt_args,
    ]
    env = {
        **os.environ,
        "WEALTH_RAW_DIR": str(build.raw_dir.absolute()),
        "WEALTH_RAW_FORMAT": raw_format(build.raw_dir),
        "WEALTH_DUCKDB_PATH": str(build.staged.absolute()),
        "WEALTH_TARGET": "duckdb",
    }
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    try:
        assert process.stdout is not None
        for line in iter(process.stdout.readline, b""):
            sys.stdout.buffer.write(line)
            sys.stdout.flush()
        return process.wait()
    except (KeyboardInterrupt, Interrupted):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise Interrupted from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _note_stale(build: Build) -> None:
    """After a failed build: say so when the live warehouse shows another raw folder."""
    if not build.database.exists():
        return
    try:
        raw = raw_manifest_sha256(build.raw_dir)
    except OSError:
        return
    live = built_from(build.database)
    if live != raw:
        say(
            f"note: {build.database} was built from other raw files (manifest {short(live)}) than "
            f"{build.raw_dir} holds now ({short(raw)}): it shows the older data until a build passes"
        )


def build_warehouse(build: Build, dbt_args: Sequence[str]) -> int:
    """The whole build; returns the exit code."""
    try:
        raw_manifest_sha256(build.raw_dir)
        check_whole(build.raw_dir)
        with no_writer(build.database):
            pass  # refused now rather than after the build
        with only_build(build.database.parent):
            build.clean()  # what a killed build left
            build.building.mkdir()
            try:
                code = run_dbt(build, dbt_args)
                if code != 0:
                    build.clean()
                    say(f"build failed (exit code {code}): {build.database} is unchanged, nothing was left behind")
                    _note_stale(build)
                    return code
                checkpoint(build.staged)
                swap_in(build.staged, build.database)
            finally:
                build.clean()
    except PartialRaw as partial:
        say(
            f"{build.raw_dir} holds {partial} only (a --shards run): combine the outputs of every range "
            f"first (python -m generator --combine DIR... --out {build.raw_dir})"
        )
        return 2
    except NoRawFiles:
        say(
            f"no generated files in {build.raw_dir} (manifest.json not found): run `make generate` first, "
            "or pass RAW_DIR=<the generator's --out folder>"
        )
        return 2
    except (Interrupted, KeyboardInterrupt):
        say(f"interrupted: {build.database} is unchanged, nothing was left behind")
        return 130
    except WriterHoldsFile as refused:
        say(
            f"{refused.path} is open for writing by {refused.holder}: close that connection (BI tools and "
            "notebooks: connect read-only) and run `make build` again; the warehouse was not replaced"
        )
        return 2
    except BuildRunning as running:
        say(f"another build of {build.database} is running ({running}): wait for it to finish")
        return 2
    manifest = short(built_from(build.database))
    print(f"Warehouse built: {build.database.absolute()} (from {build.raw_dir}, manifest {manifest})", flush=True)
    return 0
