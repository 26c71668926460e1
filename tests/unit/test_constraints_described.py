"""Every limit a plan request sets says in the OpenAPI what it limits and in what unit, so a
client can set one without the README (probe 19: none of `constraints`' eight fields had a
description; whether `monthly_budget` caps cash or the amortised run-rate was unsaid)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

from msgspec import Meta, Struct

from catalog.fields import Currency, Month, Slug
from optimizer import PlanRequest

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
    demand = _described(workload["tokens_per_second"])
    assert "tokens/s" in demand
    # What the data's throughput counts, as its sources say: InferenceX's measured points
    # count input and output tokens; the derived points' and the vendor claim's sources are
    # silent (probe 21: the description said 'input and output' of every point).
    assert "input (prompt) and output tokens counted together" in demand
    assert "tput_per_gpu" in demand and "prefill ones included" in demand
    assert "derived points" in demand and "vendor claim" in demand
    assert "do not say which tokens they count" in demand
    assert "default 1" in _described(workload["peak_to_average"])


FORMATS = {
    meta.pattern: meta.description
    for meta in (get_args(alias)[1] for alias in (Slug, Month, Currency))
    if isinstance(meta, Meta)
}
"""Each shared format's pattern and the words that say it (`catalog.fields`)."""


def _schemas_with_a_pattern(node: object) -> list[dict[str, object]]:
    """Every schema in `node`, at any depth, that has a `pattern`."""
    if isinstance(node, list):
        return [found for item in node for found in _schemas_with_a_pattern(item)]
    if not isinstance(node, dict):
        return []
    here = [node] if isinstance(node.get("pattern"), str) else []
    return here + [found for value in node.values() for found in _schemas_with_a_pattern(value)]


def test_every_slug_month_and_currency_says_its_format() -> None:
    """Every schema with a slug's, a month's or a currency's pattern says what the pattern
    means, whatever else its own description says (probe 21: `Workload.id` and `model` and
    `Existing.offer_id` lost the slug's format, `Forecast.start` and `Existing.start` the
    months' range 1900..2199, when fix19 gave them descriptions of their own)."""
    assert len(FORMATS) == 3 and all(FORMATS.values())
    document = json.loads(OPENAPI.read_text())
    patterned = [s for s in _schemas_with_a_pattern(document) if s["pattern"] in FORMATS]
    lost = [
        (schema.get("description"), FORMATS[str(schema["pattern"])])
        for schema in patterned
        if FORMATS[str(schema["pattern"])] not in str(schema.get("description", ""))
    ]
    assert not lost, lost
    schemas = document["components"]["schemas"]
    assert "1900..2199" in _described(schemas["Forecast"]["properties"]["start"])
    assert "YYYY-MM" in _described(schemas["Existing"]["properties"]["start"])
    assert "single . _ -" in _described(schemas["Workload"]["properties"]["id"])
    assert "ISO 4217 code" in _described(schemas["Options"]["properties"]["currency"])


def _reachable(struct: type[Struct]) -> list[type[Struct]]:
    """`struct` and every Struct its fields hold, at any depth, each once."""
    found: list[type[Struct]] = []
    waiting: list[object] = [struct]
    while waiting:
        kind = waiting.pop()
        if isinstance(kind, type) and issubclass(kind, Struct):
            if kind not in found:
                found.append(kind)
                waiting.extend(get_type_hints(kind, include_extras=True).values())
        else:
            waiting.extend(get_args(kind))
    return found


def _descriptions(kind: object) -> list[str]:
    """The descriptions an annotation stacks, inner (its alias's) first, outer last."""
    if get_origin(kind) is not Annotated:
        return []
    return [m.description for m in get_args(kind)[1:] if isinstance(m, Meta) and m.description]


def test_a_fields_own_description_keeps_its_types() -> None:
    """Wherever a field of a plan request describes itself over a type that has a description
    (a slug, a month, a currency code), its words include the type's: msgspec keeps only the
    outer description, so the type's would be lost from the OpenAPI (probe 21)."""
    lost = []
    for struct in _reachable(PlanRequest):
        for name, kind in get_type_hints(struct, include_extras=True).items():
            for member in (kind, *get_args(kind)):
                said = _descriptions(member)
                lost += [
                    (struct.__name__, name, inner) for inner in said[:-1] if inner not in said[-1]
                ]
    assert not lost, lost
