"""Command line: `python -m warehouse build --raw data/raw --db data/wealth.duckdb [-- dbt args]`,
`python -m warehouse status --raw data/raw --db data/wealth.duckdb` and
`python -m warehouse spark-server --dir data/spark --port 10000` (a local Spark Thrift Server
for the spark_thrift target, until Ctrl-C) and `python -m warehouse dashboard --db data/wealth.duckdb
--port 8501` (the web dashboard over the built warehouse, read-only, until Ctrl-C)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.arguments import OneLineParser
from warehouse.build import Build, build_warehouse
from warehouse.manifests import NoRawFiles, built_from, raw_manifest_sha256, short


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m warehouse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for name, text in (
        ("build", "build the warehouse beside the live file and move it into place when it passes"),
        ("status", "say which raw files the warehouse was built from, and whether the raw folder still holds them"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--raw", type=Path, default=Path("data/raw"), help="the generated files")
        command.add_argument("--db", type=Path, default=Path("data/wealth.duckdb"), help="the warehouse file")
    text = "serve a local Spark Thrift Server (the spark_thrift target) until Ctrl-C"
    server = commands.add_parser("spark-server", help=text, description=text)
    server.add_argument(
        "--dir", type=Path, default=Path("data/spark"), help="its catalog, tables and log (WEALTH_SPARK_DIR)"
    )
    server.add_argument("--host", default="127.0.0.1", help="the address it listens on")
    server.add_argument("--port", type=_port, default=10000, help="the port it listens on")
    server.add_argument("--timeout", type=_seconds, default=300.0, help="seconds it may take to start")
    text = "serve the web dashboard over the built warehouse, read-only, until Ctrl-C"
    dashboard = commands.add_parser("dashboard", help=text, description=text)
    dashboard.add_argument("--db", type=Path, default=Path("data/wealth.duckdb"), help="the warehouse file")
    dashboard.add_argument("--host", default="127.0.0.1", help="the address it listens on")
    dashboard.add_argument("--port", type=_port, default=8501, help="the port it listens on")
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {port}")
    return port


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return seconds


def status(raw_dir: Path, database: Path) -> int:
    live = built_from(database)
    try:
        raw: str | None = raw_manifest_sha256(raw_dir)
    except NoRawFiles:
        raw = None
    if not database.exists():
        print(f"{database}: not built yet (`make build`)")
    else:
        print(f"{database}: built from raw files with manifest {short(live)}")
    print(f"{raw_dir}: " + ("no generated files (`make generate`)" if raw is None else f"manifest {short(raw)}"))
    if database.exists() and raw is not None:
        print("in step" if live == raw else f"out of step: run `make build` to build {database} from {raw_dir}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    dbt_args: list[str] = []
    if "--" in args:
        dbt_args = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    parsed = _parser().parse_args(args)
    if parsed.command == "status":
        return status(parsed.raw, parsed.db)
    if parsed.command == "dashboard":
        from warehouse.dashboard import serve as serve_dashboard

        return serve_dashboard(parsed.db, parsed.host, parsed.port)
    if parsed.command == "spark-server":
        from warehouse.thrift_server import serve

        return serve(parsed.dir, parsed.host, parsed.port, parsed.timeout)
    return build_warehouse(Build(raw_dir=parsed.raw, database=parsed.db), dbt_args)
