"""Probe 9, finding 7d: a 415 names every media type the route takes (POST /catalog/import as
text/plain was told "send the body as application/json", though it takes text/csv too). Every
operation with a body is tried, read from the served OpenAPI document, so that a route added
later is checked as well (openapi/openapi.json, which tests/api/test_openapi.py holds to the
served one); the document's own 415 says the same."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.paths import OPENAPI
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


DOCUMENT: dict[str, Any] = msgspec.json.decode(OPENAPI.read_bytes())


def _bodies() -> list[tuple[str, str, dict[str, str], dict[str, Any]]]:
    """(method, path with its parameters filled, required query parameters, operation) of
    each operation with a request body."""
    return [
        (
            method,
            re.sub(r"\{[^}]+\}", "plan_x", path),
            {
                p["name"]: "x"
                for p in operation.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            },
            operation,
        )
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "requestBody" in operation
    ]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_every_415_names_every_media_type_its_route_takes(shared_client: Client) -> None:
    """A text/plain body to each route with a body: a 415 whose detail names each media type
    the route's request body lists (application/json and text/csv for the import), as its
    documented 415 does."""
    bodies = _bodies()
    assert len(bodies) > 10
    for method, path, query, operation in bodies:
        accepted = list(operation["requestBody"]["content"])
        response = await shared_client.request(
            method, path, params=query, content=b"x", headers={"content-type": "text/plain"}
        )
        detail = assert_problem(response, 415)["detail"]
        assert all(media in detail for media in accepted), (path, detail)
        assert operation["responses"]["415"]["description"] == (
            f"Unsupported Media Type: send {' or '.join(accepted)}"
        ), path
    import_ = await shared_client.post(
        "/catalog/import", content=b"x", headers={"content-type": "text/plain"}
    )
    assert assert_problem(import_, 415)["detail"] == (
        "send the body as application/json or text/csv, not 'text/plain'"
    )
