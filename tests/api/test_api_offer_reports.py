"""A plan that buys tokens from an API, through the service: the plan's months list the
purchases, and every report format, the FOCUS export and the requisition show them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.documents import workbook

# One store: what is checked is each format's rendering of the plan; storing and
# reading plans back on PostgreSQL is test_api_plans' and test_store_backends'.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
MONTHLY = "6,424.00"  # 10,000 tok/s x 2.628 x (8192 x 0.2 + 1024 x 0.6) / 9216


async def _plan(client: Client) -> dict[str, Any]:
    body = json.loads(Path("examples/seed-deepseek-r1.json").read_text())
    body["forecast"]["workloads"][0]["tokens_per_second"] = 10_000
    body["options"] = {"trust_api_latency": True, "commitment_accounting": "in_horizon"}
    response = await client.post("/plans", json=body, headers={"Prefer": "wait=60"})
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


@pytest.mark.asyncio(loop_scope="module")
async def test_every_format_shows_the_tokens_bought(shared_client: Client) -> None:
    """The seed at 10,000 tok/s, API latency trusted: each month buys 26,280 million tokens
    from Lambda for $6,424.00; HTML, Markdown, text-like CSV lines, the workbook, the JSON, the
    FOCUS export and the requisition all carry them, and the requisition's per-token lines are
    315,360 million tokens for $77,088.00 (12 x $6,424.00), input and output at list prices;
    the page, the Markdown and the workbook show the workload's crossover."""
    plan = await _plan(shared_client)
    purchase = plan["months"][0]["purchases"][0]
    assert purchase["offer_id"] == "lambda-deepseek-r1-0528"
    assert round(purchase["million_tokens"], 6) == 26_280.0
    assert f"{purchase['cost']:,.2f}" == MONTHLY
    plan_id = plan["id"]

    html = (await shared_client.get(f"/plans/{plan_id}/report.html")).text
    assert "Tokens bought from APIs" in html and "lambda-deepseek-r1-0528" in html
    markdown = (await shared_client.get(f"/plans/{plan_id}/report.md")).text
    assert "## Tokens bought from APIs" in markdown and MONTHLY in markdown
    lines = (await shared_client.get(f"/plans/{plan_id}/report.csv")).text
    api_lines = [row for row in lines.splitlines() if ",api," in row]
    assert len(api_lines) == 12 and all("6424.00" in row for row in api_lines)
    book = workbook((await shared_client.get(f"/plans/{plan_id}/report.xlsx")).content)
    assert "APIPurchases" in book.sheetnames and "BuildOrBuy1" in book.sheetnames
    # The crossover of the workload, in the page and the Markdown: buying at 10,000 tok/s.
    assert "Build or buy: reasoning" in html and "building beats buying from" in html
    assert "## Build or buy: reasoning" in markdown
    stored = (await shared_client.get(f"/plans/{plan_id}/report.json")).json()
    assert stored["months"][11]["purchases"][0]["offer_id"] == "lambda-deepseek-r1-0528"
    focus = (await shared_client.get(f"/plans/{plan_id}/focus.csv")).text
    tokens = [row for row in focus.splitlines() if "1000000 Tokens" in row]
    # Two meters a month at Lambda's list prices: 23,360 M input x 0.2 + 2,920 M output x 0.6.
    assert len(tokens) == 24
    assert sum(",4672.00," in row and ",Input Tokens," in row for row in tokens) == 12
    assert sum(",1752.00," in row and ",Output Tokens," in row for row in tokens) == 12

    requisition = (await shared_client.get(f"/plans/{plan_id}/requisition.json")).json()
    # Billed as Lambda lists it: 8192/9216 of the tokens are input at $0.20 a million,
    # 1024/9216 output at $0.60: 280,320 x 0.2 + 35,040 x 0.6 = 56,064 + 21,024.
    (inputs, outputs) = requisition["lines"]
    for line in (inputs, outputs):
        assert line["unit_of_measure"] == "million tokens"
        assert line["unit_of_measure_code"] == "ZZ"
        assert line["term_start"] == "2027-01-01" and line["term_end"] == "2027-12-31"
    assert (inputs["quantity"], inputs["unit_price"], inputs["line_total"]) == (
        "280320",
        "0.2",
        "56064.00",
    )
    assert (outputs["quantity"], outputs["unit_price"], outputs["line_total"]) == (
        "35040",
        "0.6",
        "21024.00",
    )
    assert "input tokens" in inputs["description"] and "output tokens" in outputs["description"]
    assert requisition["total"] == "77088.00"
