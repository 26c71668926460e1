"""Every limit a plan request sets says in the OpenAPI what it limits and in what unit, so a
client can set one without the README (probe 19: none of `constraints`' eight fields had a
description; whether `monthly_budget` caps cash or the amortised run-rate was unsaid)."""

from __future__ import annotations

import json
from pathlib import Path

OPENAPI = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def _described(schema: dict[str, object]) -> str:
    """The field's description, on it or on the non-null member of its union."""
    if isinstance(schema.get("description"), str):
        return str(schema["description"])
    members = schema.get("anyOf", [])
    assert isinstance(members, list)
    return next((str(m["description"]) for m in members if "description" in m), "")


def test_every_constraint_says_what_it_limits() -> None:
    """Each property of `Constraints` has a description; the budget's names the run-rate and
    the upfront caps name cash."""
    schemas = json.loads(OPENAPI.read_text())["components"]["schemas"]
    fields = schemas["Constraints"]["properties"]
    said = {name: _described(field) for name, field in fields.items()}
    assert all(said.values()), [name for name, text in said.items() if not text]
    assert "run-rate" in said["monthly_budget"] and "not cash" in said["monthly_budget"]
    assert "upfront cash" in said["max_upfront"]
    assert "upfront cash" in said["max_upfront_by_month"]
