"""The command lines' argument parser: bad arguments get one line naming what is wrong and
where the help is, and exit code 2 (the generator's, the warehouse's and the reports')."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line ("generator: error: ... (see python -m
    generator --help)") instead of argparse's usage block; subcommands' parsers too."""

    def error(self, message: str) -> NoReturn:
        module = self.prog.removeprefix("python -m ").split()[0]
        print(f"{module}: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)
