"""The three-scenario example (issue 14's done-when): its plan commits less than the high
scenario alone would and costs less in expectation than committing on the mean forecast, and
its report says both."""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.paths import EXAMPLES

Client = AsyncTestClient[Litestar]


async def test_three_scenarios_beat_the_high_scenario_and_the_mean(client: Client) -> None:
    """Obligation below the high scenario's own; expected cost below the mean forecast's
    commitments reacted per scenario; both figures, to the cent, in the Markdown report, and
    the committed-versus-flexible chart in the HTML one."""
    body = msgspec.json.decode((EXAMPLES / "three-scenarios.json").read_bytes())
    response = await client.post("/plans", json=body, headers={"Prefer": "wait=240"})
    assert response.status_code == 201, response.text
    plan = response.json()
    s = plan["scenarios"]
    assert [x["name"] for x in s["scenarios"]] == ["low", "base", "high"]
    assert s["committed_obligation"] < s["high_scenario_committed_obligation"]
    assert s["expected_cost"] < s["mean_forecast_cost"]
    assert s["value_of_stochastic_solution"] > 0
    expected = sum(x["probability"] * x["cost"] for x in s["scenarios"])
    assert abs(expected - s["expected_cost"]) < 0.01
    md = (await client.get(f"/plans/{plan['id']}/report.md")).text
    for figure in (
        "committed_obligation",
        "high_scenario_committed_obligation",
        "expected_cost",
        "mean_forecast_cost",
    ):
        assert f"{s[figure]:,.2f} USD" in md, figure
    html = (await client.get(f"/plans/{plan['id']}/report.html")).text
    assert "Committed and flexible capacity" in html
