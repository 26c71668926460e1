"""Review finding 7 and 4: an allocation's numbers agree as labelled under a utilisation cap
(capacity and utilisation are within the cap, the throughput is one GPU's before it), and the
OpenAPI says what `cash_cost_in_horizon` and those fields hold."""

from __future__ import annotations

import csv
import io
import json

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import QUICK
from tests.paths import OPENAPI

# One store: what is checked is the allocations' numbers and the OpenAPI's words;
# storing and reading plans back on PostgreSQL is test_api_plans' and test_store_backends'.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
CAPPED = QUICK | {"constraints": {"utilization_cap": 0.5}}


async def test_capped_allocations_agree_with_their_labels(client: Client) -> None:
    """With utilization_cap 0.5 and whole replicas, each share's capacity is gpus x
    throughput_per_gpu x 0.5 and its utilization (of that capped capacity) is at most 1; the
    report's headings say both are within the cap."""
    created = await client.post("/plans", json=CAPPED, headers={"Prefer": "wait=60"})
    plan = created.json()
    assert plan["status"] == "optimal"
    shares = [s for m in plan["months"] for a in m["allocations"] for s in a["workloads"]]
    assert shares
    for s in shares:
        expected = s["gpus"] * s["throughput_per_gpu"] * 0.5
        assert s["capacity_tokens_per_second"] == pytest.approx(expected)
        assert s["utilization"] == pytest.approx(s["tokens_per_second"] / expected)
        assert s["utilization"] <= 1 + 1e-9
    report = (await client.get(f"/plans/{plan['id']}/report.csv")).text
    headings = next(row for row in csv.reader(io.StringIO(report)) if "workload_id" in row)
    assert "capacity_tokens_per_second_within_cap" in headings
    assert "utilization_of_capacity_within_cap" in headings
    assert "throughput_per_gpu_at_slo" in headings
    assert "utilization" not in headings and "capacity_tokens_per_second" not in headings


def test_openapi_says_what_the_summary_and_shares_hold() -> None:
    """The OpenAPI describes cash_cost_in_horizon as amortised, not cash, and the shares'
    capacity and utilisation as within the utilisation cap."""
    schemas = json.loads(OPENAPI.read_text())["components"]["schemas"]
    described = schemas["Summary"]["properties"]["cash_cost_in_horizon"]["description"]
    assert described.startswith("Amortised cost") and "not cash" in described
    share = schemas["WorkloadShare"]["properties"]
    assert "utilization_cap" in share["capacity_tokens_per_second"]["description"]
    assert "1.0 is at the cap" in share["utilization"]["description"]
    assert "before" in share["throughput_per_gpu"]["description"]
