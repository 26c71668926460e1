"""A full sensitivity run's time against one plan's, on the seed example (or another).

Run: .venv/bin/python -m bench.sensitivity [examples/seed-deepseek-r1.json] [--tolerance 0.01]
     [--no-proofs] [--workers N]

Times one whole plan (make_plan: main solve, marginals, baselines; the median of three runs,
in wall-clock and in CPU seconds, the latter steadier on a loaded machine), then the sensitivity of
that plan (every eligible offer's price and the demand at -25/-10/+10/+25%, and every eligible
offer's target price verified by re-solves), and prints the ratio and the target-price table.
`--no-proofs` re-solves every price response, even those the run's re-solves prove; `--workers`
re-solves run at once (default: one per core; the service's run holds one solver slot: 1).

Measured on the seed example on the shared 2-core machine, always loaded by other sessions
(wall-clock seconds are 1-4x the CPU seconds and vary 2x run to run: the CPU ratio is the one
to compare), this script on each:
- commit 85b703f (the model rebuilt whole for every re-solve, Newton steps forced to buy the
  offer, every response but raised unbought prices re-solved): 102 re-solves, 84.3 CPU s,
  151.3x one plan in CPU time (one plan 0.56 CPU s, load average 9-12);
- proofs from `optimizer.price_curve`, Newton steps on plain re-solves, dominated offers
  dropped per re-solve, plans shared between offers' searches: 62 re-solves, 33.0 CPU s,
  54.9x; then (main at 556d31c, load average 2): 55 re-solves, 14.8-15.3 CPU s, 61-65x (one
  plan 0.23-0.24 CPU s; 21.2-25.7 s wall, 56-116x);
- then (main at 8cac8a9; `optimizer.direct`: written straight into highspy, no HiGHS
  restarts; every re-solve from the cheapest plan found so far feasible in it, HiGHS's
  heuristics off for price
  re-solves, `optimizer.starts`; plans moved to an unbought offer start its search instead of
  a forced re-solve; the searches in waves on `--workers` threads): 50 re-solves, the same
  table to the cent, 6.5-6.7 CPU s, 26-29x one plan in CPU time (one plan 0.23-0.26 CPU s;
  load average 13-14: 19.8-23.6 s wall with 2 workers, 27.2 s with 1, 27-29x one plan's
  0.71-0.93 s). On examples/growing-power-capped.json (load average 5-13): 265.4 CPU s and
  118 re-solves on main, 46.6 CPU s and 116 now (140x and 24x one plan in CPU time), the
  same table.
- now (the checks of "bought just below" by certificates, `optimizer.certificates`: a plan
  found so far that buys the offer, its whole units fixed and the rest solved by HiGHS, that
  costs less than every plan without it, about 0.01 CPU s against a re-solve's 0.1; the
  checks of "not bought just above" of offers expected to enter at one price made by one
  joint re-solve, `optimizer.joint_checks`; every re-solve from its start again, which the
  first of these commits had lost; a certificate's plan sought among plans found and moved,
  not with an idle unit added): 47 runs (1 base, 4 demand, 24 plain, 6 forced, 11
  certificates, 1 joint), the same table to the cent, 4.9-5.1 CPU s against main's 6.4-6.9
  run alternately in the same minutes, 19.7-23.0x one plan in CPU time against main's
  25.4-29.3x (one plan 0.22-0.26 CPU s; load average 7-10; wall 4.9-12.6 s with 2 workers,
  17-32x one plan's; 10.9 s with 1). On examples/growing-power-capped.json (load average 9):
  111 runs (19 certificates, 1 joint), 16.8 CPU s, 22.7x one plan, against main's 115
  re-solves, 18.0 CPU s, 24.0x; the same table.
Not the issue's "within a few times one plan", nor the 5x asked of this round: what is left is
HiGHS proving optima (more than 80% of the CPU time; Python, building the models and costing
plans, about 0.8 s). A proof of one re-solve costs 0.05-0.3 CPU s (the root's cuts and a few
nodes on a 450-column MILP at a 1e-6 gap: a fifth of one plan's 0.23 to more than one plan),
and the run needs about 30 of them: the plan, 4 demand steps, 3 offers forced out and, for each
offer the plan buys, a re-solve just above its target and one just below (whose plan proves the
responses between), 4-7 price responses below a target or beyond what was proven, and for the
11 offers it does not buy the re-solves that find the plan that enters (3 forced in, a few
Newton steps) and the check just above, shared only by offers alike but for price. The
costliest single runs are the checks just above the target of an offer the plan buys (a
near-tie between plans with and without it: up to 1 CPU s on a loaded machine). HiGHS's
objective_bound does not cut off a MILP in HiGHS 1.16 (measured: a forced-in re-solve with the
bound at the plan's cost returned a plan above it), so "is there a plan with the offer cheaper
than X" is no cheaper a question than the re-solve.
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
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.solver_runs.items()))
    print(f"solver runs by kind: {kinds}")


if __name__ == "__main__":
    main()
