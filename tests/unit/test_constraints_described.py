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


REQUEST_SCHEMAS = (
    "PlanRequest",
    "Forecast",
    "Workload",
    "SLO",
    "Scenario",
    "Risk",
    "Options",
    "Constraints",
    "PowerCap",
    "Existing",
)
"""Every struct a plan request is made of (probe 19 item 4: of `Options`, only
`time_limit_s` had a description; of `Workload` and `Scenario`, none)."""


def test_every_field_of_a_plan_request_says_what_it_does() -> None:
    """Each property of each struct of a plan request has a description; the options' say
    their defaults and units where they have them."""
    schemas = json.loads(OPENAPI.read_text())["components"]["schemas"]
    missing = [
        f"{name}.{field}"
        for name in REQUEST_SCHEMAS
        for field, schema in schemas[name]["properties"].items()
        if not _described(schema)
    ]
    assert not missing, missing
    said = {name: _described(field) for name, field in schemas["Options"]["properties"].items()}
    assert "seconds" in said["time_limit_s"] and "default 30" in said["time_limit_s"]
    assert "default 0.08" in said["discount_rate"]
    assert "fractional units" in said["relax"]
    workload = schemas["Workload"]["properties"]
    assert "tokens/s" in _described(workload["tokens_per_second"])
    assert "default 1" in _described(workload["peak_to_average"])
