"""Header refusals name the header as the client sent it, and If-Match compares strongly
(probe 4, findings 10(h) and 10(i))."""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import FORECAST, NEW_OFFER
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]


async def test_an_over_long_idempotency_key_is_named_as_the_header(client: Client) -> None:
    """A 201-character Idempotency-Key is a 422 on `Idempotency-Key`, the name its reuse is
    refused under too (it was `idempotency_key`, the handler's argument)."""
    long_key = {"Idempotency-Key": "k" * 201}
    problem = assert_problem(await client.post("/forecasts", json=FORECAST, headers=long_key), 422)
    assert [e["field"] for e in problem["errors"]] == ["Idempotency-Key"]
    assert problem["detail"] == "Idempotency-Key: Expected `str` of length <= 200"
    key = {"Idempotency-Key": "k"}
    assert (await client.post("/forecasts", json=FORECAST, headers=key)).status_code == 201
    other = FORECAST | {"name": "other"}
    reused = assert_problem(await client.post("/forecasts", json=other, headers=key), 422)
    assert [e["field"] for e in reused["errors"]] == ["Idempotency-Key"]


async def test_a_weak_if_match_never_matches(client: Client) -> None:
    """If-Match: W/"1" on the catalog at revision 1 is a 412 and nothing is written (it
    passed: If-Match compares strongly, RFC 9110 section 13.1.1); "1" imports."""
    assert await revision(client) == 1
    body = {"offers": [NEW_OFFER]}
    weak = await client.post("/catalog/import", json=body, headers={"If-Match": 'W/"1"'})
    problem = assert_problem(weak, 412)
    assert problem["detail"] == (
        'If-Match \'W/"1"\' is a weak ETag, which never matches; send the strong "1"'
    )
    assert await revision(client) == 1
    strong = await client.post("/catalog/import", json=body, headers={"If-Match": '"1"'})
    assert strong.status_code == 200, strong.text
    assert await revision(client) == 2


async def test_a_weak_if_match_on_a_put_is_refused_too(client: Client) -> None:
    """The same rule on PUT /catalog/offers/{id} (If-Match required): W/"1" is a 412."""
    url = "/catalog/offers/coreweave-h100-od"
    offer = (await client.get(url)).json()
    assert_problem(await client.put(url, json=offer, headers={"If-Match": 'W/"1"'}), 412)
    assert await revision(client) == 1


async def test_json_in_us_ascii_or_an_empty_charset_is_taken(client: Client) -> None:
    """Review 21: `application/json; charset=` and `charset=us-ascii` were 415s (US-ASCII is a
    subset of UTF-8, and an empty charset was ignored before); both store the forecast now, as
    `charset=UTF-8` does, while `charset=utf-16` is still a 415 naming it."""
    body = msgspec.json.encode(FORECAST)
    for charset in ("", "us-ascii", "US-ASCII", "UTF-8"):
        headers = {"content-type": f"application/json; charset={charset}"}
        created = await client.post("/forecasts", content=body, headers=headers)
        assert created.status_code == 201, (charset, created.text)
    headers = {"content-type": "application/json; charset=utf-16"}
    refused = assert_problem(await client.post("/forecasts", content=body, headers=headers), 415)
    assert "'utf-16'" in refused["detail"]
