"""POST /quotes and `tokenplan quote`: the seed's numbers to four significant figures."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.cli import main
from tests.problems import assert_problem

# One store: quotes read the seeded catalog and store nothing.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
R1_150 = {
    "model": "deepseek-r1-0528",
    "isl": 8192,
    "osl": 1024,
    "slo": {"min_interactivity": 150},
}


def sig4(value: float) -> str:
    return f"{value:.4g}"


@pytest.mark.asyncio(loop_scope="module")
async def test_seed_gb300_inline(shared_client: Client) -> None:
    """GB300 NVL72 at $2.652, 6,000 tok/s/GPU, 2.1 kW: $0.1228/M and 2,857,143 tok/s per MW."""
    response = await shared_client.post(
        "/quotes",
        json={
            "offer": {
                "price_per_gpu_hour": 2.652,
                "throughput_per_gpu": 6000,
                "power_kw_per_gpu": 2.1,
            }
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert sig4(body["cost_per_million_tokens"]) == "0.1228"
    assert round(body["tokens_per_second_per_mw"]) == 2_857_143
    assert round(body["gpus_per_mw"]) == 476


@pytest.mark.asyncio(loop_scope="module")
async def test_seed_h200_inline(shared_client: Client) -> None:
    """H200 at $1.41, 90 tok/s/GPU, 1.73 kW: $4.352/M and 52,023 tok/s per MW."""
    response = await shared_client.post(
        "/quotes",
        json={
            "offer": {
                "price_per_gpu_hour": 1.41,
                "throughput_per_gpu": 90,
                "power_kw_per_gpu": 1.73,
            }
        },
    )
    body = response.json()
    assert sig4(body["cost_per_million_tokens"]) == "4.352"
    assert round(body["tokens_per_second_per_mw"]) == 52_023


@pytest.mark.asyncio(loop_scope="module")
async def test_quote_by_offer_id_reads_the_profile_at_the_slo(shared_client: Client) -> None:
    """onprem-h200 at 150 tok/s/user uses the vendor-claim point (90 tok/s/GPU): $4.352/M."""
    response = await shared_client.post(
        "/quotes", json={"offer": "onprem-h200", "workload": R1_150}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["throughput_per_gpu"] == 90
    assert sig4(body["cost_per_million_tokens"]) == "4.352"
    assert body["bases"] == ["vendor_claim"]
    assert body["catalog_revision"] == 1


@pytest.mark.asyncio(loop_scope="module")
async def test_quote_interpolates_within_a_deployment(shared_client: Client) -> None:
    """B200 FP8 8k/1k at 100 between (59.9, 2113) and (128.1, 1094) of `trt +MTP, aggregated
    TP8` in its 2026-02-05 run (the revised data splits each curve by run and adds the 128.1
    point): the SLO picks a value no lower than any point above it."""
    workload = {**R1_150, "slo": {"min_interactivity": 100}, "precisions": ["fp8"]}
    response = await shared_client.post(
        "/quotes", json={"offer": "onprem-b200", "workload": workload}
    )
    body = response.json()
    # trt +MTP aggregated TP8, 2026-02-05: 2113 + (100-59.9)/(128.1-59.9)*(1094-2113)
    assert body["throughput_per_gpu"] == pytest.approx(2113 + (100 - 59.9) / 68.2 * (1094 - 2113))
    assert body["interpolated"] is True


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"offer": "onprem-h200"}, 422, "workload"),
        ({"offer": "nope-offer", "workload": R1_150}, 404, None),
        (
            {
                "offer": {"price_per_gpu_hour": 1, "throughput_per_gpu": 1, "power_kw_per_gpu": 1},
                "workload": R1_150,
            },
            422,
            "workload",
        ),
        ({"offer": "onprem-h100", "workload": R1_150}, 422, "workload.slo.min_interactivity"),
        (
            {"offer": {"price_per_gpu_hour": -1, "throughput_per_gpu": 1, "power_kw_per_gpu": 1}},
            422,
            "offer.price_per_gpu_hour",
        ),
        (
            {"offer": "onprem-h200", "workload": {**R1_150, "slo": {}}},
            422,
            "workload.slo.min_interactivity",
        ),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_quotes(
    shared_client: Client, body: dict[str, Any], status: int, field: str | None
) -> None:
    """Missing workload, unknown offer, workload with an inline offer, an SLO beyond reach,
    a negative price, a missing SLO: each a problem response naming the field."""
    assert_problem(await shared_client.post("/quotes", json=body), status, field)


@pytest.mark.asyncio(loop_scope="module")
async def test_an_inline_offer_with_three_bad_fields_names_all_three(shared_client: Client) -> None:
    """The inline offer is one member of a union (`offer`: an id or an offer): each of its bad
    fields is listed, not only the first msgspec met."""
    offer = {"price_per_gpu_hour": -1, "throughput_per_gpu": 0, "power_kw_per_gpu": 1e9}
    problem = assert_problem(await shared_client.post("/quotes", json={"offer": offer}), 422)
    assert sorted(e["field"] for e in problem["errors"]) == [
        "offer.power_kw_per_gpu",
        "offer.price_per_gpu_hour",
        "offer.throughput_per_gpu",
    ]


def test_cli_quote_prints_the_seed_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    """`tokenplan quote` prints both rows and the 35x and 55x ratios."""
    assert main(["quote"]) == 0
    out = capsys.readouterr().out
    for text in ("$0.1228", "2,857,143", "$4.352", "52,023", "35x", "55x"):
        assert text in out
