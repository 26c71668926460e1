"""A catalog's dates are in the years it counts in, 1900..2199 (probe 10 finding 7c: a SkyPilot
import with `as_of=0001-01-01` dated its offers to year 1): one rule for the SkyPilot import's
`as_of` and an offer's `as_of` in JSON or CSV (tests/unit/test_catalog_date_rule.py: the rule)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import NEW_OFFER
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
SKYPILOT = "InstanceType,AcceleratorName,AcceleratorCount,Price,Region\r\n"
SKYPILOT += "p5.48xlarge,H100,8,98.32,us-east-1\r\n"
CSV = {"content-type": "text/csv"}


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "2200-01-01"])
async def test_a_skypilot_as_of_outside_the_years_is_refused(
    shared_client: Client, as_of: str
) -> None:
    """Year 1, the day before 1900 and 2200: 422 naming `as_of`, nothing imported."""
    path = f"/catalog/import-skypilot?vendor=AWS&as_of={as_of}"
    problem = assert_problem(await shared_client.post(path, content=SKYPILOT, headers=CSV), 422)
    assert problem["errors"] == [
        {"field": "as_of", "message": f"expected a date in the years 1900..2199, got '{as_of}'"}
    ]
    assert await revision(shared_client) == 1


@pytest.mark.one_store
@pytest.mark.asyncio(loop_scope="module")
async def test_an_offer_dated_year_one_is_refused_in_json_and_csv(shared_client: Client) -> None:
    """The same rule for an offer sent as JSON (POST /catalog/import) and as an offers CSV
    row (its `SkuPriceEffectiveStart`): 422 naming the field, no new revision."""
    body = {"offers": [{**NEW_OFFER, "as_of": "0001-01-01"}]}
    as_json = await shared_client.post("/catalog/import", json=body)
    assert_problem(as_json, 422, "offers[0].as_of")
    text = (await shared_client.get("/catalog/offers.csv")).text
    dated = text.replace(",2026-09-20,", ",0001-01-01,", 1)
    assert dated != text
    problem = assert_problem(
        await shared_client.post("/catalog/import", content=dated, headers=CSV), 422
    )
    row = next(n for n, line in enumerate(text.splitlines()) if ",2026-09-20," in line)
    assert [e["field"] for e in problem["errors"]] == [
        f"offers.csv[row {row}].SkuPriceEffectiveStart"
    ]
    assert await revision(shared_client) == 1
