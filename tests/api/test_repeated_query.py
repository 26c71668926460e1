"""A query parameter a route reads one value of, given twice, is a 422 naming it on every route
(one app-level guard), never a silent pick of one value (probe 7, finding 10e:
`GET /plans?status=optimal&status=feasible` answered 200)."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

RANKING = "model=deepseek-r1&isl=8192&osl=1024&interactivity=150"


async def test_a_repeated_status_is_a_422_naming_it(client: Client) -> None:
    """`status=optimal&status=feasible` on the plan listing is refused, naming `status` and
    both values."""
    response = await client.get("/plans?status=optimal&status=feasible")
    body = assert_problem(response, 422, "status")
    message = next(e["message"] for e in body["errors"] if e["field"] == "status")
    assert "'optimal'" in message and "'feasible'" in message


async def test_every_repeated_parameter_is_named_on_other_routes(client: Client) -> None:
    """The guard holds on the ranking page and the catalog read too, naming each repeated
    parameter once, and a lone parameter beside them is not named."""
    response = await client.get(f"/rankings.html?{RANKING}&isl=1024&currency=USD&currency=EUR")
    body = assert_problem(response, 422)
    assert sorted(e["field"] for e in body["errors"]) == ["currency", "isl"]
    assert_problem(await client.get("/catalog?revision=1&revision=1"), 422, "revision")


async def test_a_repeated_name_the_route_does_not_read_is_left_alone(client: Client) -> None:
    """An unknown parameter, even repeated (a cache-buster a tool adds), does not fail the
    request, and a single value of each known one passes."""
    assert (await client.get("/plans?status=optimal&_=1&_=2")).status_code == 200
    assert (await client.get("/catalog?revision=1")).status_code == 200
