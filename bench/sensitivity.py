"""A full sensitivity run's time against one plan's, on the seed example (or another).

Run: .venv/bin/python -m bench.sensitivity [examples/seed-deepseek-r1.json] [--tolerance 0.01]

Times one whole plan (make_plan: main solve, marginals, baselines), then the sensitivity of
that plan (every eligible offer's price and the demand at -25/-10/+10/+25%, and every eligible
offer's target price verified by re-solves), and prints the ratio and the target-price table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, SensitivityOptions, make_plan, sensitivity
from service.reports.sensitivity import table_text

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-deepseek-r1.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("example", nargs="?", default=str(SEED))
    parser.add_argument("--tolerance", type=float, default=0.01)
    args = parser.parse_args()
    request = msgspec.json.decode(Path(args.example).read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    began = time.perf_counter()
    plan = make_plan(catalog, request, request.forecast, plan_id="bench")
    plan_s = time.perf_counter() - began
    began = time.perf_counter()
    result = sensitivity(catalog, plan, SensitivityOptions(tolerance=args.tolerance))
    run_s = time.perf_counter() - began
    verified = sum(o.target.verified for o in result.offers)
    print(table_text(result))
    print(f"one plan: {plan_s:.2f} s ({plan.status})")
    print(
        f"sensitivity: {run_s:.2f} s, {result.solves} re-solves, "
        f"{run_s / plan_s:.1f}x one plan; {verified} of {len(result.offers)} eligible offers "
        "with a verified target price"
    )


if __name__ == "__main__":
    main()
