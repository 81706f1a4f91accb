"""The registration form's JSON Schema, for hosts' front-ends: made from the same
description as the form, in any process, and it accepts the examples the form accepts."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from balorg.registration import json_schema, validate_registration

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.json"))
_TYPES = {"string": str, "integer": int, "boolean": bool, "object": dict, "null": type(None)}


def _problems(value: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    """The few JSON Schema keywords the form's schema uses, checked."""
    kinds = schema.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        fits = any(
            isinstance(value, _TYPES[n]) and not (n == "integer" and isinstance(value, bool))
            for n in names
        )
        if not fits:
            return [f"{path}: {type(value).__name__} is not {names}"]
    found = []
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{path}: too long")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{path}.{k}: not allowed" for k in value if k not in properties]
        for key, item in value.items():
            if key in properties:
                found += _problems(item, properties[key], f"{path}.{key}")
    return found


def test_the_schema_is_made_in_a_fresh_process() -> None:
    code = "import json, balorg.registration as r; print(json.dumps(r.json_schema()))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == json_schema()


def test_the_schema_describes_every_field_of_the_form_and_forbids_others() -> None:
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert {"shared_account", "generic_email", "structure", "responsible"} <= set(
        schema["required"]
    )
    responsible = schema["properties"]["responsible"]
    assert responsible["type"] == "object"
    assert responsible["additionalProperties"] is False


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_what_the_form_accepts_the_schema_accepts(example: Path) -> None:
    data = json.loads(example.read_text(encoding="utf-8"))
    assert validate_registration(data, on=dt.date(2026, 11, 27)).ok
    assert _problems(data, json_schema()) == []


def test_the_schema_refuses_an_unknown_key_and_a_wrong_type() -> None:
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["surprise"] = 1
    data["shared_account"] = "yes"
    assert sorted(_problems(data, json_schema())) == [
        ".shared_account: str is not ['boolean']",
        ".surprise: not allowed",
    ]
