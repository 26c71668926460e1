"""A full sensitivity run's time against one plan's, on the seed example (or another).

Run: .venv/bin/python -m bench.sensitivity [examples/seed-deepseek-r1.json] [--tolerance 0.01]
     [--no-proofs]

Times one whole plan (make_plan: main solve, marginals, baselines; the median of three runs,
in wall-clock and in CPU seconds, the latter steadier on a loaded machine), then the sensitivity of
that plan (every eligible offer's price and the demand at -25/-10/+10/+25%, and every eligible
offer's target price verified by re-solves), and prints the ratio and the target-price table.
`--no-proofs` re-solves every price response, even those the run's re-solves prove.

Measured on the seed example back to back on the shared 2-core machine (load average 9-12:
wall-clock seconds are 3-4x the CPU seconds, and vary 2x run to run), this script on each:
- before (commit 85b703f: the model rebuilt whole for every re-solve, Newton steps forced to buy
  the offer, every response but raised unbought prices re-solved): 102 re-solves, 287.1 s and
  84.3 CPU s, 140.5x one plan (151.3x in CPU time; one plan 2.04 s, 0.56 CPU s);
- after (proofs from `optimizer.price_curve`, Newton steps on plain re-solves, dominated offers
  dropped per re-solve, plans shared between offers' searches): 62 re-solves (45 of the 56 price
  responses proven), 100.9 s and 33.0 CPU s, 54.4x one plan (54.9x in CPU time; one plan
  1.85 s, 0.60 CPU s).
Each re-solve still costs about one plan's solve (HiGHS's root: cuts and restarts; building
the model is 4% of it). Of the 62: 28 verify the 14 target prices (just below, just above), 13
find a first line per offer (forced in or out; one offer's came from another's search), 11 are
responses no re-solve proved, 4 the demand steps, 1 the base, 5 further Newton steps.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, SensitivityOptions, make_plan, sensitivity
from service.reports.sensitivity import table_text

PLAN_RUNS = 3
SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-deepseek-r1.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("example", nargs="?", default=str(SEED))
    parser.add_argument("--tolerance", type=float, default=0.01)
    parser.add_argument("--no-proofs", action="store_true", help="re-solve every response")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="re-solves at once (cores)"
    )
    args = parser.parse_args()
    request = msgspec.json.decode(Path(args.example).read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plans = []
    for _ in range(PLAN_RUNS):  # the first pays for warming up: the median is one plan
        began, cpu = time.perf_counter(), time.process_time()
        plan = make_plan(catalog, request, request.forecast, plan_id="bench")
        plans.append((time.perf_counter() - began, time.process_time() - cpu))
    plan_s, plan_cpu = sorted(plans)[PLAN_RUNS // 2]
    began, cpu = time.perf_counter(), time.process_time()
    options = SensitivityOptions(tolerance=args.tolerance)
    result = sensitivity(catalog, plan, options, prove=not args.no_proofs, workers=args.workers)
    run_s, run_cpu = time.perf_counter() - began, time.process_time() - cpu
    verified = sum(o.target.verified for o in result.offers)
    print(table_text(result))
    print(f"one plan: {plan_s:.2f} s, {plan_cpu:.2f} CPU s ({plan.status}; median of {PLAN_RUNS})")
    print(
        f"sensitivity: {run_s:.2f} s, {run_cpu:.2f} CPU s, {result.solves} re-solves, "
        f"{args.workers} at once: "
        f"{run_s / plan_s:.1f}x one plan ({run_cpu / plan_cpu:.1f}x in CPU time); {verified} "
        f"of {len(result.offers)} eligible offers with a verified target price"
    )


if __name__ == "__main__":
    main()
