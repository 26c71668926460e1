"""The API's documentation page at /schema works offline: Swagger UI's files come from this
service (the swagger-ui-bundle package), and headless Chromium, with nothing but the service
to reach, renders every operation."""

from __future__ import annotations

import re

from service.config import Settings
from tests.browser import Browser
from tests.live import serving


def test_the_docs_page_loads_nothing_from_elsewhere(tmp_path: str) -> None:
    """/schema is Swagger UI whose scripts, styles and icon are all paths on this service,
    each served with its type."""
    with serving(Settings(db_path=f"{tmp_path}/docs.db", solvers=1)) as url:
        import httpx

        # httpx's 5 s default timed out on a machine loaded 20 deep (the server shares this
        # process's GIL); the assets are about 1.5 MB.
        page = httpx.get(f"{url}/schema", timeout=60)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assets = re.findall(r"(?:src|href)=['\"]([^'\"]+)", page.text)
        assert len(assets) == 4 and all(a.startswith("/schema/assets/") for a in assets)
        types = {
            httpx.get(url + a, timeout=60).headers["content-type"].split(";")[0] for a in assets
        }
        assert types == {"text/javascript", "text/css", "image/png"}


def test_chromium_renders_the_operations_offline(browser: Browser, tmp_path: str) -> None:
    """Chromium, reaching only the service, draws the page with the operations listed."""
    with serving(Settings(db_path=f"{tmp_path}/docs.db", solvers=1)) as url:
        dom = browser.dom(f"{url}/schema", until="/plans/{plan_id}/cancel")
    assert "swagger-ui" in dom
    assert "/rankings.html" in dom and "/plans/{plan_id}/cancel" in dom
