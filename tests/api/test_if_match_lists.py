"""If-Match with a list of ETags (probe 16b F8a): RFC 9110 section 13.1.1 makes it true when
any listed strong tag matches; the service took one tag and answered 412."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.http_common import parse_if_match
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


@pytest.mark.parametrize(
    ("header", "revisions"),
    [
        ('"1", "8"', (1, 8)),
        ('"1",,"8"', (1, 8)),
        ('W/"8", "9"', (9,)),
        ('"x", "3"', (3,)),
        ('"8"', (8,)),
        ('"1", *', None),
        ('"015", "16"', (16,)),  # probe 17b L3: "015" is not the ETag "15"
        ('"0", "00"', (0,)),
        ('"\u00b2", "1"', (1,)),  # review 17a R4: a superscript two was a 500
    ],
)
def test_an_if_match_list_names_each_strong_revision(
    header: str, revisions: tuple[int, ...] | None
) -> None:
    """Every strong revision tag listed, empty elements, weak and foreign tags left out."""
    assert parse_if_match(header, required=True) == revisions


async def test_a_put_whose_if_match_lists_the_current_tag_is_made(client: Client) -> None:
    """A list holding the item's ETag: the PUT is made; one without it: 412 naming them."""
    offer: dict[str, Any] = (await client.get("/catalog/offers")).json()["items"][0]
    read = await client.get(f"/catalog/offers/{offer['id']}")
    tag = read.headers["etag"]
    stale = assert_problem(
        await client.put(
            f"/catalog/offers/{offer['id']}", json=read.json(), headers={"If-Match": '"0", W/"1"'}
        ),
        412,
    )
    assert "names revision 0" in stale["detail"]
    listed = await client.put(
        f"/catalog/offers/{offer['id']}",
        json=read.json(),
        headers={"If-Match": f'"0", {tag}'},
    )
    assert listed.status_code == 200, listed.text
    new_tag = listed.headers["etag"]
    deleted = await client.delete(
        f"/catalog/offers/{offer['id']}", headers={"If-Match": f"{tag}, {new_tag}"}
    )
    assert deleted.status_code == 204, deleted.text


async def test_an_import_whose_if_match_lists_the_catalog_revision_is_made(client: Client) -> None:
    """The import with a list holding the catalog's revision is made (it was a 412)."""
    exported = await client.get("/catalog")
    body = exported.json()
    tag = exported.headers["etag"]
    made = await client.post(
        "/catalog/import?mode=merge", json=body, headers={"If-Match": f'"0", {tag}'}
    )
    assert made.status_code == 200, made.text
