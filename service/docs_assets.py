"""The API's documentation page (/schema) with Swagger UI served by this service, not from a
CDN, so that it works without internet: Swagger UI 5.24.2 (Apache-2.0), four files vendored in
service/static/swagger-ui/ (its README says from where and how to update them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Router
from litestar.static_files import create_static_files_router

__all__ = ["ASSETS", "docs_assets", "swagger_assets"]

ASSETS = "/schema/assets"
FILES = Path(__file__).resolve().parent / "static" / "swagger-ui"


def docs_assets() -> Router:
    """GET /schema/assets/{file}: Swagger UI's script, styles and icon (not in the OpenAPI)."""
    return create_static_files_router(path=ASSETS, directories=[FILES], name="docs-assets")


def swagger_assets() -> dict[str, Any]:
    """The Swagger page's asset URLs, all on this service."""
    return {
        "js_url": f"{ASSETS}/swagger-ui-bundle.js",
        "css_url": f"{ASSETS}/swagger-ui.css",
        "standalone_preset_js_url": f"{ASSETS}/swagger-ui-standalone-preset.js",
        "favicon": f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
    }
