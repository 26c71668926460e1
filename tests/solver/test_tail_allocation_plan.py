"""Probe 7 finding 7 on the shipped catalog: owned B200s and an H200 serve both workloads in
every horizon month, and go on doing so in the tail; no tail shortfall is invented."""

from __future__ import annotations

from typing import Any

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, make_plan

GREEDY: dict[str, Any] = {
    "forecast": {
        "name": "greedy",
        "start": "2027-01",
        "months": 3,
        "workloads": [
            {
                "id": "oss",
                "model": "gpt-oss-120b",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 25},
                "tokens_per_second": 100000,
                "vendors": ["On-prem"],
            },
            {
                "id": "r1",
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 150},
                "bases": ["measured"],
                "tokens_per_second": 50000,
                "vendors": ["On-prem"],
            },
        ],
    },
    "options": {"tail_months": 6, "replicas": "fractional"},
    "existing": [
        {"offer_id": "onprem-b200", "units": 3, "start": "2026-12", "term_months": 48},
        {"offer_id": "onprem-h200", "units": 1, "start": "2026-12", "term_months": 48},
    ],
}
"""/tmp/probe7/greedy.json: r1 only on B200 (at SLO 150), oss on either."""


def test_the_tail_serves_what_the_horizon_served() -> None:
    """Every horizon month serves both in full; the same fleet runs through the 6 tail
    months, so the tail serves both in full (the fastest-first greedy left r1 5.1% short,
    4.0e10 tokens)."""
    request = msgspec.convert(GREEDY, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    assert plan.tail.shortfall_tokens == 0
    warnings = [w for w in plan.warnings if w.startswith("no month-to-month offer serves")]
    assert len(warnings) == 2
    assert all("in full in 6 of the 6 tail months" in w for w in warnings)
    assert all("(renewed whole at their prices where they end in the tail)" in w for w in warnings)
