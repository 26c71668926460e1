"""openapi/openapi.json is generated from the app and kept current."""

from __future__ import annotations

from litestar import Litestar

from service.app import openapi_json
from tests.paths import OPENAPI


def test_openapi_is_current(app: Litestar) -> None:
    """The committed document equals the generated one; regenerate with `tokenplan openapi`."""
    assert OPENAPI.read_bytes() == openapi_json(app), "run: .venv/bin/tokenplan openapi"


def test_every_operation_has_an_id(app: Litestar) -> None:
    """Generated clients get stable names."""
    schema = app.openapi_schema.to_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method} {path}"
