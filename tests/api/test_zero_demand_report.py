"""Review finding 6: a zero-demand forecast's report says what its baselines did (the GPU ones
are solved at 0.00), not that no naive strategy meets the demand."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import FORECAST, QUICK

# One store: what is checked is the report's wording; storing and reading plans
# back on PostgreSQL is test_api_plans' and test_store_backends'.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
ZERO = QUICK | {
    "forecast": FORECAST
    | {"workloads": [FORECAST["workloads"][0] | {"tokens_per_second": [0, 0, 0]}]}
}


async def test_zero_demand_report_names_the_baselines_that_meet_it(client: Client) -> None:
    """Every baseline solved at 0.00 is named with its cost in the report's first sentence;
    "no naive strategy meets the demand" appears only if none was solved."""
    plan = (await client.post("/plans", json=ZERO, headers={"Prefer": "wait=60"})).json()
    assert plan["summary"]["tokens"] == 0
    solved = [b["strategy"] for b in plan["baselines"] if b["status"] in ("optimal", "feasible")]
    assert solved
    markdown = (await client.get(f"/plans/{plan['id']}/report.md")).text
    assert "no naive strategy meets the demand" not in markdown
    assert f"the naive strategies that meet it ({', '.join(solved)}) cost 0.00 USD" in markdown
    assert "The forecast asks for no tokens: the plan costs 0.00 USD over 3 months" in markdown
