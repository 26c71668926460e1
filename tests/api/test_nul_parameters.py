"""A NUL (`%00`) in a path id or a query filter (probe 16b F2): a 500 on PostgreSQL on every
read by id (psycopg.DataError: text cannot hold NUL), a 404 or an empty page on SQLite. Now a
422 naming the parameter on both, from one guard before any route reads the store."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

ROUTES = [
    ("GET", "/plans/%00", "plan_id"),
    ("GET", "/plans/a%00b/report.md", "plan_id"),
    ("GET", "/plans/%00/sensitivity", "plan_id"),
    ("POST", "/plans/%00/sensitivity", "plan_id"),
    ("POST", "/plans/%00/cancel", "plan_id"),
    ("HEAD", "/plans/%00/requisition.csv", "plan_id"),
    ("GET", "/forecasts/%00", "forecast_id"),
    ("GET", "/catalog/offers/%00", "item_id"),
    ("DELETE", "/catalog/systems/%00", "item_id"),
    ("GET", "/webhooks/%00", "webhook_id"),
    ("GET", "/webhooks/%00/deliveries", "webhook_id"),
    ("DELETE", "/webhooks/%00", "webhook_id"),
    ("POST", "/webhooks/%00/rotate", "webhook_id"),
    ("GET", "/plans?forecast_id=%00", "forecast_id"),
    ("GET", "/plans?forecast_id=fc%00x", "forecast_id"),
]


@pytest.mark.parametrize(("method", "path", "name"), ROUTES)
@pytest.mark.asyncio(loop_scope="module")
async def test_a_nul_in_an_id_or_filter_is_a_422_naming_it(
    shared_client: Client, method: str, path: str, name: str
) -> None:
    """Each route, each method: a 422 naming the parameter that holds the NUL."""
    response = await shared_client.request(method, path, json={} if method == "POST" else None)
    if method == "HEAD":
        assert response.status_code == 422
        return
    problem = assert_problem(response, 422, name)
    assert "NUL" in problem["errors"][0]["message"]
