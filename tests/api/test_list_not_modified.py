"""If-None-Match on the catalog's lists and CSV exports (probe 16b F8d): they sent an ETag and
ignored it (200, the same ETag); only /catalog and single items answered 304."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]


@pytest.mark.parametrize(
    "path",
    [
        "/catalog/offers",
        "/catalog/offers?vendor=Nebius",
        "/catalog/systems",
        "/catalog/profiles",
        "/catalog/offers.csv",
        "/catalog/api_offers.csv",
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_a_list_not_modified_since_its_etag_is_a_304(
    shared_client: Client, path: str
) -> None:
    """Its ETag listed (weak too, as RFC 9110 compares): 304, the ETag and no body; another
    tag: the list."""
    first = await shared_client.get(path)
    assert first.status_code == 200, first.text
    tag = first.headers["etag"]
    again = await shared_client.get(path, headers={"If-None-Match": f'"0", W/{tag}'})
    assert again.status_code == 304 and again.headers["etag"] == tag and not again.content
    other = await shared_client.get(path, headers={"If-None-Match": '"0"'})
    assert other.status_code == 200
