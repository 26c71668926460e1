"""An existing commitment's signed price (`existing[].price_per_gpu_hour`) is checked like an
offer's: a price that overflows, is absurd, zero or negative is a 422 naming
`existing[i].price_per_gpu_hour`, and nothing is stored."""

from __future__ import annotations

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import QUICK
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
HELD = {"offer_id": "coreweave-h100-reserved", "units": 1, "start": "2027-01", "term_months": 12}


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"1e400", "expected a finite number, got one too large to represent"),
        (b"1e308", "Expected `float` <= 1000000.0, got 1e308"),
        (b"1e-320", "`price_per_gpu_hour` must be at least 1e-06, got 1e-320"),
        (b"0", "Expected `float` > 0.0, got 0"),
        (b"-2.5", "Expected `float` > 0.0, got -2.5"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_a_hostile_signed_price_is_refused_naming_the_field(
    shared_client: Client, raw: bytes, said: str
) -> None:
    """inf (1e400 overflows), 1e308, 1e-320, zero or a negative price: 422 on the second
    entry's field and on it alone (the first, at $2.10, is well formed), saying what is
    wrong, and no plan stored."""
    good = {**HELD, "price_per_gpu_hour": 2.1}
    body = msgspec.json.encode(
        {**QUICK, "existing": [good, {**HELD, "price_per_gpu_hour": 7.0}]}
    ).replace(b'"price_per_gpu_hour":7.0', b'"price_per_gpu_hour":' + raw)
    before = (await shared_client.get("/plans")).json()
    response = await shared_client.post(
        "/plans", content=body, headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 422, "existing[1].price_per_gpu_hour")
    assert problem["errors"] == [{"field": "existing[1].price_per_gpu_hour", "message": said}]
    assert (await shared_client.get("/plans")).json() == before
