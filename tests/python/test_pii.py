"""Personal data is tagged `pii` where it enters (staging) and never reaches a mart unmasked."""

from __future__ import annotations

from pathlib import Path

import yaml

MODELS = Path(__file__).resolve().parents[2] / "models"
MUST_BE_TAGGED = {
    "stg_clients": {"name", "first_name", "last_name", "birth_date", "email", "phone", "street_address", "postal_code"},
    "stg_advisors": {"first_name", "last_name", "email", "phone"},
}


def _models() -> dict[str, tuple[Path, dict[str, object]]]:
    found = {}
    for path in sorted(MODELS.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            found[model["name"]] = (path, model)
    return found


def _pii_columns(model: dict[str, object]) -> set[str]:
    return {
        column["name"]
        for column in model.get("columns", [])  # type: ignore[union-attr]
        if "pii" in (column.get("tags") or []) or "pii" in ((column.get("config") or {}).get("tags") or [])
    }


def test_personal_fields_are_tagged_in_staging() -> None:
    models = _models()
    for name, columns in MUST_BE_TAGGED.items():
        assert columns <= _pii_columns(models[name][1]), name


def test_no_pii_column_reaches_a_mart() -> None:
    models = _models()
    pii_names = set().union(*(_pii_columns(model) for _, model in models.values()))
    assert {"email", "phone", "birth_date"} <= pii_names
    marts = {name: model for name, (path, model) in models.items() if {"marts", "reports"} & set(path.parts)}
    assert "dim_clients" in marts
    for name, model in marts.items():
        columns = {column["name"] for column in model.get("columns", [])}  # type: ignore[union-attr]
        assert not _pii_columns(model), f"{name} has pii-tagged columns"
        assert not columns & pii_names, f"{name} exposes {sorted(columns & pii_names)}"
