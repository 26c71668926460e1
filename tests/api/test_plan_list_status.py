"""GET /plans?status=...: the listing filtered by the plans' status, and a value that is no
status a 422 naming `status` and listing the statuses (probe 5, finding 8c: `status=bogus`
answered 200 with every plan, the parameter ignored)."""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


async def test_plans_filter_by_status(client: Client, db_path: str) -> None:
    """Of an optimal and a feasible plan, `status=feasible` lists the feasible one only,
    `status=optimal` the other, and no filter both."""
    optimal = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    feasible = store_plan(
        db_path, msgspec.structs.replace(optimal, id="plan_feasible", status="feasible")
    )
    for status, expected in (("feasible", [feasible.id]), ("optimal", [optimal.id])):
        body = (await client.get("/plans", params={"status": status})).json()
        assert [item["id"] for item in body["items"]] == expected
    both = (await client.get("/plans")).json()["items"]
    assert {item["id"] for item in both} == {optimal.id, feasible.id}


async def test_an_unknown_status_is_a_422_listing_the_statuses(client: Client) -> None:
    """`status=bogus` is refused: the problem names `status`, what it got and every status."""
    body = assert_problem(await client.get("/plans", params={"status": "bogus"}), 422, "status")
    message = next(e["message"] for e in body["errors"] if e["field"] == "status")
    assert "'bogus'" in message
    assert message.endswith(
        "expected one of solving, optimal, feasible, infeasible, failed, cancelled"
    )
