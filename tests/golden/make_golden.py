"""Solve the README's examples (and one infeasible request) once and store the plans as the
golden inputs of the report tests: `python -m tests.golden.make_golden` from the repository.

The report tests decode these files instead of solving, so they run in milliseconds and their
expected totals do not move when the optimizer does. Regenerate after a change to the Plan's
shape or to the shipped catalog, and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, make_plan

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "examples"
CREATED_AT = "2026-11-27T00:00:00Z"
INFEASIBLE = {
    "forecast": {
        "name": "too big",
        "start": "2027-01",
        "months": 3,
        "workloads": [
            {
                "id": "r",
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 150},
                "tokens_per_second": 1000000,
                "vendors": ["On-prem"],
            }
        ],
    },
    "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": 0.2}]},
}


def requests() -> dict[str, PlanRequest]:
    """The requests solved, by golden file name."""
    out = {
        path.stem: msgspec.json.decode(path.read_bytes(), type=PlanRequest)
        for path in sorted(EXAMPLES.glob("*.json"))
    }
    out["infeasible-power-cap"] = msgspec.convert(INFEASIBLE, PlanRequest)
    # Three scenarios under a 0.5 MW total cap: the high one cannot be served in full.
    scenarios = msgspec.json.decode((EXAMPLES / "three-scenarios.json").read_bytes())
    scenarios.setdefault("constraints", {})["total_power_mw"] = 0.5
    out["three-scenarios-short"] = msgspec.convert(scenarios, PlanRequest)
    # The portfolio with a 6-month tail: it signs a 3-month commitment and owned units and
    # buys on demand from three offers (the reports' on-demand lines; with its shipped 24-month
    # tail, valued in whole units since probe 16a F1, it buys none).
    portfolio = msgspec.json.decode((EXAMPLES / "portfolio-three-models.json").read_bytes())
    portfolio.setdefault("options", {})["tail_months"] = 6
    out["portfolio-tail6"] = msgspec.convert(portfolio, PlanRequest)
    return out


def main(only: list[str]) -> None:
    """Solve every request, or those named in `only`, and write their golden files."""
    catalog = default_catalog()
    for name, request in requests().items():
        if only and name not in only:
            continue
        assert request.forecast is not None
        plan = make_plan(
            catalog, request, request.forecast, plan_id=f"plan_{name}", created_at=CREATED_AT
        )
        target = HERE / f"{name}.json"
        target.write_bytes(msgspec.json.format(msgspec.json.encode(plan)) + b"\n")
        print(f"wrote {target.name}: {plan.status}")


if __name__ == "__main__":
    main(sys.argv[1:])
