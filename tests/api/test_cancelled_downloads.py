"""A cancelled plan's downloads say it was cancelled (probe 10 finding 5): report.md said
"Failed", and report.csv was a 200 of its header row alone."""

from __future__ import annotations

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from optimizer import Plan
from service.reports import build_report, plan_text
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
WHY = "cancelled before a plan was found"


def _cancelled() -> Plan:
    """The seed golden plan's request, cancelled before its solve found anything."""
    seed = golden_plan("seed-deepseek-r1")
    return Plan(
        id="plan_cancelled",
        status="cancelled",
        created_at=seed.created_at,
        catalog_revision=seed.catalog_revision,
        request=seed.request,
        forecast=seed.forecast,
        error=WHY,
    )


async def test_a_cancelled_plan_s_report_says_cancelled(client: Client, db_path: str) -> None:
    """report.md labels the error "Cancelled", never "Failed"; the terminal text labels it
    "cancelled", not "error"."""
    plan = store_plan(db_path, _cancelled())
    response = await client.get(f"/plans/{plan.id}/report.md")
    assert response.status_code == 200
    assert f"**Cancelled:** {WHY}" in response.text and "Failed" not in response.text
    assert f"cancelled: {WHY}" in plan_text(build_report(plan, default_catalog()))


@pytest.mark.parametrize("fmt", ["report.csv", "cash.csv", "focus.csv"])
async def test_a_cancelled_plan_has_no_csv_lines(client: Client, db_path: str, fmt: str) -> None:
    """A CSV made of a plan's solution is a 409 naming the status and why, not a header row
    alone."""
    plan = store_plan(db_path, _cancelled())
    body = assert_problem(await client.get(f"/plans/{plan.id}/{fmt}"), 409)
    assert body["detail"].startswith(f"plan {plan.id} has no ")
    assert body["detail"].endswith(f"(cancelled: {WHY})")


async def test_a_failed_plan_s_report_still_says_failed(client: Client, db_path: str) -> None:
    """The label follows the status: a failed plan's report.md says "Failed"."""
    failed = msgspec.structs.replace(_cancelled(), id="plan_failed", status="failed", error="x")
    plan = store_plan(db_path, failed)
    assert "**Failed:** x" in (await client.get(f"/plans/{plan.id}/report.md")).text
