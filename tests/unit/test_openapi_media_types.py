"""The committed OpenAPI document declares every media type a route answers: a route whose
`format=` picks the body lists one 200 media type per format (openapi/openapi.json is the
app's own, checked byte for byte in tests/api/test_openapi.py)."""

from __future__ import annotations

import json
from typing import Any

from service.plan_diff import DIFF_FORMATS
from tests.paths import OPENAPI


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    paths = json.loads(OPENAPI.read_text())["paths"]
    return [(path, method, op) for path, item in paths.items() for method, op in item.items()]


def test_the_diff_declares_json_markdown_and_html() -> None:
    """GET /plans/{before}/diff/{after} lists the media type of each format it answers, the
    JSON as the PlanDiff schema."""
    document = json.loads(OPENAPI.read_text())
    ok = document["paths"]["/plans/{before}/diff/{after}"]["get"]["responses"]["200"]
    assert set(ok["content"]) == set(DIFF_FORMATS.values())
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PlanDiff"}
    assert "PlanDiff" in document["components"]["schemas"]


def test_every_format_parameter_has_a_media_type_per_format() -> None:
    """No route picks its body by a `format` query parameter and declares fewer 200 media
    types than it has formats."""
    for path, method, op in _operations():
        for parameter in op.get("parameters", []):
            if parameter["name"] == "format" and parameter["in"] == "query":
                formats = parameter["schema"]["enum"]
                declared = op["responses"]["200"]["content"]
                assert len(declared) >= len(formats), f"{method} {path}: {list(declared)}"
