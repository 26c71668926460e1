"""Per-token API offers in quotes and rankings: the blended price at the workload's isl:osl and
the latency eligibility, stated beside the GPU offers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem

# One store: quotes and rankings read the seeded catalog and store nothing.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]

R1: dict[str, Any] = {
    "model": "deepseek-r1-0528",
    "isl": 8192,
    "osl": 1024,
    "slo": {"min_interactivity": 150},
}


@pytest.mark.asyncio(loop_scope="module")
async def test_a_quote_of_an_api_offer_is_its_blended_price(shared_client: Client) -> None:
    """DeepInfra R1 at $0.50 in / $2.15 out, 8192:1024: $0.6833 per million tokens, by the
    formula shown; its speed is not stated, so `meets_slo` is null and the latency says so."""
    response = await shared_client.post(
        "/quotes", json={"offer": "deepinfra-deepseek-r1-0528", "workload": R1}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "api"
    assert body["cost_per_million_tokens"] == pytest.approx((8192 * 0.5 + 1024 * 2.15) / 9216)
    assert round(body["cost_per_million_tokens"], 4) == 0.6833
    assert body["formula"].startswith("(8192 x 0.5 + 1024 x 2.15) / 9216 = 0.6833")
    assert body["meets_slo"] is None
    assert "trust_api_latency" in body["latency"]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_gpu_quote_says_its_kind(shared_client: Client) -> None:
    """A GPU offer's quote is tagged `kind: gpu` and unchanged otherwise."""
    response = await shared_client.post("/quotes", json={"offer": "onprem-h200", "workload": R1})
    assert response.json()["kind"] == "gpu"
    assert round(response.json()["cost_per_million_tokens"], 3) == 4.352


@pytest.mark.asyncio(loop_scope="module")
async def test_an_api_quote_needs_the_workload_and_its_model(shared_client: Client) -> None:
    """No workload: 422 on `workload`; another model: 422 on `workload.model`."""
    missing = await shared_client.post("/quotes", json={"offer": "deepinfra-deepseek-r1-0528"})
    assert_problem(missing, 422, "workload")
    other = await shared_client.post(
        "/quotes",
        json={"offer": "deepinfra-deepseek-r1-0528", "workload": {**R1, "model": "gpt-oss-120b"}},
    )
    assert_problem(other, 422, "workload.model")


@pytest.mark.asyncio(loop_scope="module")
async def test_rankings_list_api_offers_beside_gpu_offers(shared_client: Client) -> None:
    """Without trust, R1's seven API offers are listed, none eligible (no stated speed); with
    `trust_api_latency` all seven are ranked by blended price, Lambda's $0.2444 first, and each
    says where it would stand among the GPU offers; the GPU ranking is unchanged."""
    plain = (await shared_client.post("/rankings", json={"workload": R1})).json()
    api = plain["api_offers"]
    assert len(api) == 7 and not any(line["eligible"] for line in api)
    assert all("trust_api_latency" in line["reason"] for line in api)
    trusted = (
        await shared_client.post("/rankings", json={"workload": R1, "trust_api_latency": True})
    ).json()
    lines = trusted["api_offers"]
    assert [line["rank_cost_per_million_tokens"] for line in lines] == list(range(1, 8))
    assert lines[0]["offer_id"] == "lambda-deepseek-r1-0528"
    assert round(lines[0]["cost_per_million_tokens"], 4) == round(
        (8192 * 0.2 + 1024 * 0.6) / 9216, 4
    )
    gpu = [o for o in trusted["offers"] if o["eligible"]]
    cheaper = sum(o["cost_per_million_tokens"] < lines[0]["cost_per_million_tokens"] for o in gpu)
    assert lines[0]["rank_among_gpu_offers"] == cheaper + 1
    assert [o["offer_id"] for o in gpu] == [o["offer_id"] for o in plain["offers"] if o["eligible"]]


@pytest.mark.asyncio(loop_scope="module")
async def test_the_rankings_page_shows_api_offers_and_the_crossover(shared_client: Client) -> None:
    """GET /rankings.html with trust_api_latency lists R1's API offers and draws the
    crossover: Lambda's API against the best GPU offer, building beating buying from a stated
    demand; untrusted, the API offers are listed as not eligible, with the reason."""
    query = "model=deepseek-r1-0528&isl=8192&osl=1024&interactivity=150"
    page = await shared_client.get(f"/rankings.html?{query}&trust_api_latency=true")
    assert page.status_code == 200
    text = page.text
    assert "Per-token API offers of deepseek-r1-0528" in text
    assert "Build or buy: cost per month by demand" in text
    assert "buy: lambda-deepseek-r1-0528" in text and "<svg" in text
    assert "building beats buying from" in text
    untrusted = (await shared_client.get(f"/rankings.html?{query}")).text
    assert "states no interactivity" in untrusted


@pytest.mark.asyncio(loop_scope="module")
async def test_the_api_counts_a_price_age_to_today(shared_client: Client) -> None:
    """Review 11 finding D: with no `start`, nebius-h200-od's price (as of 2025-10-01) is
    stale at today's UTC date, named in the quote's and the ranking's warnings; a `start`
    that is no month is a problem naming it."""
    workload = {**R1, "isl": 1024, "slo": {"min_interactivity": 10}}
    today = dt.datetime.now(dt.UTC).date().isoformat()
    stale = f"prices more than 180 days older than today ({today}, UTC): verify before signing: "
    quoted = await shared_client.post(
        "/quotes", json={"offer": "nebius-h200-od", "workload": workload}
    )
    assert quoted.status_code == 200, quoted.text
    assert stale + "nebius-h200-od (as of 2025-10-01)" in quoted.json()["warnings"]
    ranked = await shared_client.post("/rankings", json={"workload": workload})
    assert ranked.status_code == 200, ranked.text
    assert any(w.startswith(stale) for w in ranked.json()["warnings"])
    for bad in ("2026-13", "0000-01", 202601):
        body = {"offer": "nebius-h200-od", "workload": workload, "start": bad}
        assert_problem(await shared_client.post("/quotes", json=body), 422, "start")
