"""openapi/openapi.json is generated from the app and kept current."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import openapi_json
from tests.paths import OPENAPI

# One store: the OpenAPI document is the app's, whichever store it opens.
pytestmark = pytest.mark.one_store


def test_openapi_is_current(app: Litestar) -> None:
    """The committed document equals the generated one; regenerate with `tokenplan openapi`."""
    assert OPENAPI.read_bytes() == openapi_json(app), "run: .venv/bin/tokenplan openapi"


def test_every_operation_has_an_id(app: Litestar) -> None:
    """Generated clients get stable names."""
    schema = app.openapi_schema.to_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method} {path}"


async def test_the_served_document_is_the_committed_one(client: AsyncTestClient[Litestar]) -> None:
    """GET /schema/openapi.json serves the finished document (msgspec schemas, problems,
    security, links), the same as openapi/openapi.json."""
    served = (await client.get("/schema/openapi.json")).json()
    assert served == json.loads(OPENAPI.read_text())
    assert set(served["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    create = served["paths"]["/plans"]["post"]
    assert "getPlanReportHtml" in create["responses"]["202"]["links"]
    assert {"400", "408", "413", "415", "422", "503"} <= set(create["responses"])
    delete = served["paths"]["/catalog/offers/{item_id}"]["delete"]
    if_match = next(p for p in delete["parameters"] if p["name"] == "If-Match")
    assert if_match["required"] and {"412", "428"} <= set(delete["responses"])
    xlsx = served["paths"]["/plans/{plan_id}/report.xlsx"]["get"]["responses"]["200"]
    assert next(iter(xlsx["content"].values()))["schema"]["format"] == "binary"
