"""Top-level stand-ins for sqlfluff's jinja templater: `var()` returns the project's real
variable values (from dbt_project.yml), so models can do arithmetic with them."""

from pathlib import Path

import yaml

_VARS = yaml.safe_load((Path(__file__).resolve().parents[2] / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


def var(name: str, default: object = None) -> object:
    return _VARS.get(name, default)
