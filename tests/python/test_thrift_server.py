"""warehouse/thrift_server.py without Java: the command it runs, and how it starts, waits for,
reports and stops a server (a stand-in process here; the real one serves the Spark tests)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from warehouse.thrift_server import (
    PROFILE,
    SERVER_CLASS,
    PortTaken,
    ServerError,
    ThriftServer,
    profile_settings,
    server_command,
)

REPO = Path(__file__).resolve().parents[2]


def gone(pid: int) -> bool:
    """No such process, or only its zombie (killed, not yet reaped by its parent)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def stand_in(script: str) -> list[str]:
    return [sys.executable, "-c", script]


def test_command_has_the_session_targets_settings_and_one_folder(tmp_path: Path) -> None:
    command = server_command(tmp_path, "127.0.0.1", 12345, Path("/opt/pyspark"))
    assert command[:3] == ["/opt/pyspark/bin/spark-submit", "--class", SERVER_CLASS]
    confs = {command[i + 1] for i, word in enumerate(command) if word == "--conf"}
    hive = {command[i + 1] for i, word in enumerate(command) if word == "--hiveconf"}
    assert f"spark.sql.warehouse.dir={tmp_path}/warehouse" in confs
    assert (
        f"spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName={tmp_path}/metastore_db;create=true"
        in confs
    )
    assert f"spark.driver.extraJavaOptions=-Dderby.system.home={tmp_path}/derby" in confs
    assert {"spark.sql.shuffle.partitions=4", "spark.sql.ansi.enabled=false", "spark.sql.session.timeZone=UTC"} <= confs
    assert {"spark.sql.analyzer.maxIterations=1000", "spark.driver.memory=4g", "spark.ui.enabled=false"} <= confs
    assert {"hive.server2.thrift.bind.host=127.0.0.1", "hive.server2.thrift.port=12345"} <= hive
    assert not any("{{" in word for word in command)
    # every parameter of the session target, none left out
    session = yaml.safe_load(PROFILE.read_text())["wealth_warehouse"]["outputs"]["spark"]["server_side_parameters"]
    assert set(profile_settings(tmp_path)) == set(session)


def test_jinja_other_than_the_spark_folder_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "profiles.yml"
    parameters = {"spark.driver.memory": "{{ env_var('WEALTH_SPARK_MEMORY', '4g') }}"}
    profile.write_text(
        yaml.safe_dump({"wealth_warehouse": {"outputs": {"spark": {"server_side_parameters": parameters}}}})
    )
    with pytest.raises(ServerError, match=r"spark\.driver\.memory uses Jinja other than WEALTH_SPARK_DIR"):
        profile_settings(tmp_path, profile)


def test_a_server_that_dies_is_reported_in_one_line_with_its_log(tmp_path: Path) -> None:
    server = ThriftServer(
        tmp_path,
        command=stand_in(
            "import sys; print('INFO starting'); print('ERROR no metastore: Derby is booted elsewhere');"
            " print('\\tat org.apache.Derby.boot(Derby.java:1)'); sys.exit(3)"
        ),
    )
    server.start()
    with pytest.raises(ServerError) as raised:
        server.wait_ready(timeout=60)
    message = str(raised.value)
    assert "\n" not in message
    assert "exited (code 3) before it listened" in message
    assert "ERROR no metastore: Derby is booted elsewhere" in message
    assert "Derby.java" not in message  # stack frames left out
    assert str(tmp_path / "thrift-server.log") in message


def test_a_server_that_never_listens_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    server = ThriftServer(tmp_path, command=stand_in("import time; print('waiting', flush=True); time.sleep(300)"))
    server.start()
    pid = server.pid
    assert pid is not None
    with pytest.raises(ServerError, match=r"did not listen on 127\.0\.0\.1:\d+ within 1 s: waiting"):
        server.wait_ready(timeout=1)
    assert gone(pid)


def test_a_listening_server_is_ready_and_stop_ends_its_whole_group(tmp_path: Path) -> None:
    """The stand-in listens, starts a child, and ignores SIGTERM: stop() kills both after the grace."""
    child_pid = tmp_path / "child.pid"
    server = ThriftServer(tmp_path)
    server = ThriftServer(
        tmp_path,
        port=server.port,
        command=stand_in(
            "import signal, socket, subprocess, time, pathlib;"
            " signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            f" child = subprocess.Popen(['sleep', '300']); pathlib.Path({str(child_pid)!r}).write_text(str(child.pid));"
            f" listener = socket.create_server(('127.0.0.1', {server.port})); time.sleep(300)"
        ),
    )
    server.start()
    server.wait_ready(timeout=60)
    assert server.alive()
    pid, child = server.pid, int(child_pid.read_text())
    assert pid is not None and not gone(child)
    started = time.monotonic()
    server.stop(grace=1)
    assert 1 <= time.monotonic() - started < 10  # SIGTERM ignored: SIGKILL after the grace
    assert gone(pid)
    assert wait_gone(child), "the server's child outlived stop()"
    server.stop()  # again: nothing to do


def test_the_server_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    """If pytest (or the command) is killed outright, the kernel kills the server (PDEATHSIG)."""
    pid_file = tmp_path / "server.pid"
    starter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, sys, time\n"
            "from warehouse.thrift_server import ThriftServer\n"
            "sleeper = [sys.executable, '-c', 'import time; time.sleep(300)']\n"
            f"server = ThriftServer(pathlib.Path({str(tmp_path)!r}), command=sleeper)\n"
            "server.start()\n"
            f"pathlib.Path({str(pid_file)!r}).write_text(str(server.pid))\n"
            "time.sleep(300)\n",
        ],
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline and starter.poll() is None, "the starter did not start the server"
            time.sleep(0.05)
        pid = int(pid_file.read_text())
        assert not gone(pid)
        starter.send_signal(signal.SIGKILL)
        starter.wait()
        assert wait_gone(pid), "the server outlived the process that started it"
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait()


def test_a_taken_port_is_refused(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        with pytest.raises(PortTaken, match=f"port {port} on 127.0.0.1 is taken"):
            ThriftServer(tmp_path, port=port, command=stand_in("pass")).start()
        result = subprocess.run(
            [sys.executable, "-m", "warehouse", "spark-server", "--dir", str(tmp_path), "--port", str(port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"port {port} on 127.0.0.1 is taken" in result.stderr
    assert not (tmp_path / "thrift-server.log").exists()  # nothing was started


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--port", "ten"], "not a port number: 'ten'"),
        (["--port", "70000"], "a port is 1 to 65535, not 70000"),
        (["--timeout", "0"], "must be more than 0 seconds"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_code_2(arguments: list[str], said: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "spark-server", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and said in result.stderr
