"""A local Spark Thrift Server (HiveThriftServer2) for the `spark_thrift` dbt target: started
from the pyspark wheel's own Spark (no Spark install), bound to one address and port, with its
catalog (embedded Derby), tables, scratch files and log in one folder:

    FOLDER/warehouse      the tables (spark.sql.warehouse.dir), as Parquet folders
    FOLDER/metastore_db   the catalog; FOLDER/derby its Derby home
    FOLDER/thrift-server.log

The same folder layout and Spark settings as the `spark` (session) target of
profiles/profiles.yml, read from there: a warehouse built by either opens in the other.

The server runs in a process group of its own, stopped as a whole, and the kernel kills it when
the thread that started it ends (prctl PDEATHSIG): it outlives no test run or command, killed
or not. Start it from a thread that lives as long as it should (the main thread)."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO

import yaml

from generator.interrupts import die_with_parent

REPO = Path(__file__).resolve().parents[1]
PROFILE = REPO / "profiles" / "profiles.yml"
SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
LOG = "thrift-server.log"
_SPARK_DIR = re.compile(r"\{\{\s*env_var\('WEALTH_SPARK_DIR',\s*'[^']*'\)\s*\}\}")


class ServerError(Exception):
    """The server could not be started, or stopped on its own: one line, with its log's tail."""


class PortTaken(ServerError):
    """Something already listens on the port asked for."""


def spark_home() -> Path:
    """The Spark that comes with the pyspark wheel (bin/spark-submit, jars/)."""
    spec = importlib.util.find_spec("pyspark")
    if spec is None or spec.origin is None:
        raise ServerError("pyspark is not installed: run `make setup-spark` (requirements-spark.txt)")
    return Path(spec.origin).parent


def profile_settings(folder: Path, profile: Path = PROFILE) -> dict[str, str]:
    """The `spark` target's server-side parameters, its folder (WEALTH_SPARK_DIR) set to `folder`."""
    outputs = yaml.safe_load(profile.read_text(encoding="utf-8"))["wealth_warehouse"]["outputs"]
    settings = {}
    for key, value in outputs["spark"]["server_side_parameters"].items():
        text = _SPARK_DIR.sub(str(folder), str(value))
        if "{{" in text:
            raise ServerError(f"{profile}: spark: {key} uses Jinja other than WEALTH_SPARK_DIR: {value}")
        settings[str(key)] = text
    return settings


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def listening(host: str, port: int) -> bool:
    """Whether something accepts connections on the port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def server_command(
    folder: Path, host: str, port: int, home: Path, settings: Mapping[str, str] | None = None
) -> list[str]:
    """spark-submit of HiveThriftServer2 with the profile's settings and its files in `folder`."""
    confs = {
        **(profile_settings(folder) if settings is None else settings),
        "spark.local.dir": str(folder / "tmp"),  # shuffle and spill files
        # a statement's call returns when it is done: the client's first poll finds it finished
        # instead of sleeping its poll interval (a second with dbt-spark) per query
        "spark.sql.hive.thriftServer.async": "false",
        # the driver's own ports (local mode: the executors are in the same JVM) on loopback
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
    }
    hive = {
        "hive.server2.thrift.bind.host": host,
        "hive.server2.thrift.port": str(port),
        "hive.exec.scratchdir": str(folder / "tmp" / "hive"),
        "hive.exec.local.scratchdir": str(folder / "tmp" / "hive-local"),
        "hive.server2.logging.operation.log.location": str(folder / "tmp" / "operation_logs"),
    }
    command = [str(home / "bin" / "spark-submit"), "--class", SERVER_CLASS, "--name", "wealth-thrift-server"]
    for key, value in confs.items():
        command += ["--conf", f"{key}={value}"]
    command.append("spark-internal")  # the primary resource of a server class: none
    for key, value in hive.items():
        command += ["--hiveconf", f"{key}={value}"]
    return command


def log_tail(path: Path, lines: int = 3) -> str:
    """The last lines of the log that say something (no stack frames), on one line."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "no log"
    said = [
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("at ", "... "))
    ]
    tail = " | ".join(said[-lines:]) or "the log is empty"
    return tail if len(tail) <= 600 else "..." + tail[-600:]


class ThriftServer:
    """One server: `start()`, `wait_ready()`, `stop()` (or `with running(folder) as server`)."""

    def __init__(
        self,
        folder: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.folder = folder.absolute()
        self.host = host
        self.port = free_port(host) if port is None else port
        self.log = self.folder / LOG
        self._command = list(command) if command is not None else None  # a stand-in's, in tests
        self._home: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def command(self) -> list[str]:
        if self._command is None:
            self._home = spark_home()
            self._command = server_command(self.folder, self.host, self.port, self._home)
        return self._command

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> None:
        """Launch the server and return at once (`wait_ready` waits for it to listen). The
        kernel kills it when the calling thread ends: call this from the main thread."""
        if self._process is not None:
            raise ServerError("this server was started already")
        if listening(self.host, self.port):
            raise PortTaken(f"port {self.port} on {self.host} is taken: stop what listens there, or choose another")
        command = self.command
        for scratch in ("hive-local", "operation_logs"):  # Hive wants them there before a session
            (self.folder / "tmp" / scratch).mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("wb")
        env = {**os.environ, **({"SPARK_HOME": str(self._home)} if self._home is not None else {})}
        self._process = subprocess.Popen(
            command,
            cwd=self.folder,  # stray files (derby.log and the like) land here too
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: Ctrl-C in a terminal is ours to pass on
            preexec_fn=die_with_parent,
        )

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Return when the server listens; if it exits first or takes longer than `timeout`
        seconds, stop it and raise ServerError with its log's tail."""
        if self._process is None:
            raise ServerError("the server was not started")
        deadline = time.monotonic() + timeout
        while not listening(self.host, self.port):
            if _exited(self._process.pid):
                self.stop()
                raise ServerError(
                    f"the Spark Thrift Server exited (code {self._process.returncode}) before it listened on"
                    f" {self.host}:{self.port}: {log_tail(self.log)} (log: {self.log})"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(
                    f"the Spark Thrift Server did not listen on {self.host}:{self.port} within {timeout:.0f} s:"
                    f" {log_tail(self.log)} (log: {self.log})"
                )
            time.sleep(0.25)

    def alive(self) -> bool:
        return self._process is not None and not _exited(self._process.pid)

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM to the whole process group, SIGKILL to what is left of it after `grace`
        seconds (the group killed before its leader is reaped: its id cannot be reused by then);
        idempotent."""
        process = self._process
        if process is not None and process.returncode is None:
            _signal_group(process.pid, signal.SIGTERM)
            deadline = time.monotonic() + grace
            while not _exited(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _exited(pid: int) -> bool:
    """Whether the child has exited, without reaping it."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


@contextmanager
def running(
    folder: Path, *, host: str = "127.0.0.1", port: int | None = None, timeout: float = 300.0
) -> Iterator[ThriftServer]:
    """A server listening for the `with` block, stopped when it ends however it ends."""
    server = ThriftServer(folder, host=host, port=port)
    server.start()
    try:
        server.wait_ready(timeout)
        yield server
    finally:
        server.stop()


class _Stop(Exception):
    """SIGTERM while serving."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def serve(folder: Path, host: str, port: int, timeout: float = 300.0) -> int:
    """`python -m warehouse spark-server`: serve until Ctrl-C or SIGTERM; the exit code."""
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        with running(folder, host=host, port=port, timeout=timeout) as server:
            print(
                f"warehouse: Spark Thrift Server on {host}:{port}, tables in {server.folder / 'warehouse'},"
                f" log {server.log}; Ctrl-C stops it",
                file=sys.stderr,
                flush=True,
            )
            print(
                f"warehouse: WEALTH_TARGET=spark_thrift WEALTH_SPARK_HOST={host} WEALTH_SPARK_PORT={port}"
                " .venv/bin/dbt build --profiles-dir profiles",
                file=sys.stderr,
                flush=True,
            )
            while server.alive():
                time.sleep(0.5)
            print(f"warehouse: error: the Spark Thrift Server stopped: {log_tail(server.log)}", file=sys.stderr)
            return 1
    except PortTaken as error:
        print(f"warehouse: error: {error}", file=sys.stderr)
        return 2
    except ServerError as error:
        print(f"warehouse: error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _Stop):  # the way to stop it
        print("warehouse: Spark Thrift Server stopped", file=sys.stderr)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
