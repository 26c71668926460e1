"""A full sensitivity run's time against one plan's, on the seed example (or another).

Run: .venv/bin/python -m bench.sensitivity [examples/seed-deepseek-r1.json] [--tolerance 0.01]
     [--no-proofs]

Times one whole plan (make_plan: main solve, marginals, baselines), then the sensitivity of
that plan (every eligible offer's price and the demand at -25/-10/+10/+25%, and every eligible
offer's target price verified by re-solves), and prints the ratio and the target-price table.
`--no-proofs` re-solves every price response, even those the run's re-solves prove.

Measured on the seed example, on the shared 2-core machine under load (timings vary 2x):
before (commit 85b703f: model rebuilt whole, bisection checks, every response re-solved)
102 re-solves, 112.8 s, 126.8x one plan of 0.89 s; after (optimizer.price_curve proofs,
Newton steps on plain re-solves, dominated offers pruned per re-solve) 62 re-solves, about
55 s, 47x one plan of 1.16 s.
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
    parser.add_argument("--no-proofs", action="store_true", help="re-solve every response")
    args = parser.parse_args()
    request = msgspec.json.decode(Path(args.example).read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    began = time.perf_counter()
    plan = make_plan(catalog, request, request.forecast, plan_id="bench")
    plan_s = time.perf_counter() - began
    began = time.perf_counter()
    options = SensitivityOptions(tolerance=args.tolerance)
    result = sensitivity(catalog, plan, options, prove=not args.no_proofs)
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
