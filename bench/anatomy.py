"""Why a row of bench/solve.py is slow to prove: its main model solved by HiGHS (one thread)
as it is and in variants that each take one feature away, with CPU seconds, nodes, objective,
bound and gap. The variants are diagnoses, not plans: each changes the model.

Run: .venv/bin/python -m bench.anatomy [--only NAME] [--seconds S] [--workloads 0,2]

`--workloads` keeps only those workloads of the row's forecast (by position).

Round of 2026-11-30 (speed8; CPU s of HiGHS alone, one thread, median of 3-5 `random_seed`s
on a machine loaded 3 to 10 on its 2 cores):
- Replacement caps (`optimizer.replacement_caps`, in "as is"; "no replacement caps" without):
  power-capped whole 1.17 s, 154-204 nodes, against 1.72 s, 272 nodes; its 24-month tail
  0.14 against 0.43; in_horizon 1.95 against 2.29; fractional 0.52 against 1.39 (root only
  both); shipped 3x12 at 10 s: bound 56.48-56.51 M against 56.41-56.49 M, incumbent 56.72 M
  against 57.12 M.
- Measured, not kept (on top of the caps or before them, same seeds): month-to-month units
  continuous where every block they serve is whole ("units of whole blocks continuous", an
  exact change): 1.82 against 1.84 s, in_horizon 2.46 against 2.26; the demand rows again in
  whole units ("demand rows in whole units added"): 1.96 s, in_horizon 4.62 s; rounding cuts
  of those rows (1-8 scalings each): 1.28-2.08 s; each month's least whole cost as a row
  (in_horizon): 2.06 against 1.52 s; per-month cover rows priced by the relaxation's duals
  (a small MILP a month): the LP bound 109,996,947 -> 109,997,735, no gain; a start from the
  n-only relaxation completed in whole units (113.37 M): 2.28 against 1.83 s; the optimal
  plan given as the start: 0.85-1.13 s, so the proof alone is most of the time; HiGHS
  options (lifting for probing, symmetry, root reduced cost, feasibility jump, simplex
  scaling, pool limit, LP age, simulated concurrency, objective scale): within the seeds'
  spread (1.5-2.4 s).
- Why the 48-month tail is slow: with its long-term units n fixed at the optimum's, the LP is
  112,918,176 and the MILP 113,148,852; the n-only relaxation (0.21 s, one node) finds those
  very n. What branching proves is each horizon month's whole-unit top-up (up to about
  $20,000 a month of rounding against a tolerance of $11,300 on $113 M), and the months'
  roundings multiply in the tree.

Round of speed10 (2026-11-30, `--seconds 10`, load 4-7 on 2 cores; CPU s of HiGHS alone):
- power-capped whole at HiGHS's default seed: as is 1.82 s (236 nodes); `integer: n` 0.31 s
  (bound 112,911,609); n and month-to-month c 1.02; n and blocks g 1.34; tail_months=1 0.26;
  full_term 0.38 (one node); in_horizon 2.57. Over `random_seed` 0-13 (one process, seeds
  interleaved): as is 1.02-3.68, median about 1.6; units of whole blocks continuous 0.95-2.10,
  median about 1.4; demand rows in whole units added 1.05-4.40, median about 1.8; in_horizon,
  seeds 0-7: 1.94, 1.94 and 3.37. One seed's figure of a variant says little here.
- shipped 3x12 whole (item 3 of issue 12: why its gap stalls near 2e-3): as is at 10 s, gap
  6.1e-3 (93 nodes); `integer: n` proves 55,388,442 in 1.56 s (10 nodes); n and month-to-month
  c stalls at 2.2e-3 (2,794 nodes), n and blocks g at 6.0e-3; without the tail (tail_months=1,
  full_term, in_horizon) it proves 1e-4 in 7-8 s and 1,900-3,400 nodes. The stall is the
  month-to-month units' whole top-ups of 3 workloads x 12 months on top of the long-term
  units, as in the power-capped row's tail, with four times the integers (648 against 156).

Round of speed15 (2026-11-30, `--seconds 20`, load 3-11 on 2 cores; CPU s of HiGHS alone, after
session 14's renewals: the 48-month tail is one block, and every contract of the horizon is
paid to the span's end). New variants: `integer: blocks g`, the long-term units n fixed at the
"as is" optimum (of the horizon's last month only, or of every month), and every column of
the months before the last continuous (the last month and the tail whole: a lower bound).
- shipped 3x12 whole (691 columns, 648 integer: n 120, month-to-month c 60 of 64, blocks g
  468 of 507): as is 3.13-3.18 s, 30 nodes, 44,823,316; the LP 43,883,368 (2.1% under).
  With the last month's n fixed (10 columns: the fleet the tail's 48 months are paid for,
  about 49 months of price each) 0.11 s and one node: its LP is still 44,210,717 (1.4% under)
  and the root's cuts close it; every n fixed 0.11 s. `integer: blocks g` (n continuous)
  8.7-8.9 s, 915-927 nodes, 44,805,337: branching on n is what keeps the tree small. The
  months before the last relaxed: 0.37 s, 44,391,496 (1.0% under: each month's whole top-ups
  are worth about $430,000 together, against a tolerance of $4,482). So the decision is the
  final fleet, and what costs is choosing it against the months' top-ups.
- HiGHS's log of "as is" (seed 0, 3.27 CPU s, 7.2 s wall at load 3-6): the first root's cuts
  (843) lift the LP to 44,763,337 and a sub-MIP at its end finds 44,962,147; restart (54.6%
  of the integer columns fixed by reduced cost), root 44,774,576 and a sub-MIP 44,846,384;
  restart (12.7%), root 44,775,427 and a sub-MIP the optimum; then 30 nodes to the bound
  44,818,844. Of 13,051 LP iterations 7,422 are strong branching, 3,294 heuristics, 753
  separation; sub-MIPs 2.39 s of its 7.06 s. Three roots, then a small tree.
- power-capped whole (278 columns, 156 integer): as is 0.17 s, one node (the LP 85,212,214,
  3.3% under 88,129,292; 1,026 root cuts reach 88,114,841 and a sub-MIP finds the optimum);
  the last month's n fixed 0.03 s; every n fixed 0.01 s; the months before the last relaxed
  0.03 s at 87,331,312 (0.9% under). The LP's gap is mostly the final fleet's rounding in
  the tail: the LP keeps 3.16 racks of nscale-gb300 for the tail's 48 months, the plan 3
  racks and 2.46 on-demand B200 units.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import msgspec
import numpy as np

from bench.solve import ROWS, _request
from optimizer.highs_sink import HighsSink
from optimizer.model import Formulation
from optimizer.prepare import prepare_for_solve
from optimizer.rows import write_model
from optimizer.solver import silence_banner

Change = Callable[[Formulation, Any], None]

ANATOMY_ROWS = ["power-capped whole", "shipped 3x12 whole"]

WRITE: dict[str, dict[str, Any]] = {"no replacement caps": {"replacement_caps": False}}
"""Variants that change how the model is written (`optimizer.rows.write_model`'s flags)."""


def _fix_month_to_month(f: Formulation, h: Any) -> None:
    """No month-to-month purchase in the horizon (the tail keeps its own)."""
    for (o, s), column in f.starts.items():
        if f.instance.offers[o].term == 1 and s < f.instance.horizon:
            h.changeColBounds(column, 0.0, 0.0)


def _integer_only(*prefixes: str) -> Change:
    """Only the columns whose names start with `prefixes` stay integer."""

    def change(f: Formulation, h: Any) -> None:
        sink = f.sink
        assert isinstance(sink, HighsSink)
        relaxed = [i for i, name in enumerate(sink.names) if not name.startswith(prefixes)]
        kinds = np.zeros(len(relaxed), dtype=np.uint8)
        h.changeColsIntegrality(len(relaxed), np.array(relaxed, dtype=np.int32), kinds)

    return change


def _implied_units(f: Formulation, h: Any) -> None:
    """Month-to-month units of the horizon continuous where every block they serve is whole
    (their least value is then whole anyway): exact without a vendor share or minimum."""
    instance = f.instance
    relaxed = []
    for (o, s), column in f.starts.items():
        spec = instance.offers[o]
        if s >= instance.horizon or s + spec.term > instance.horizon or (o, s) in f.binaries:
            continue
        served = [k for k in f.serve if k[0] == o and s <= k[2] < s + spec.term]
        if served and all(k in f.whole_serve for k in served):
            relaxed.append(column)
    kinds = np.zeros(len(relaxed), dtype=np.uint8)
    h.changeColsIntegrality(len(relaxed), np.array(relaxed, dtype=np.int32), kinds)


def _fleet_demand_rows(f: Formulation, h: Any) -> None:
    """Each horizon demand row again with every block replaced by the units it may take
    (g <= fleet / units per block): a row in whole units that HiGHS can round."""
    instance = f.instance
    serving = {column: key for key, column in f.serve.items()}
    for (w, t), terms in f.demand_terms.items():
        if t >= instance.horizon:
            continue
        pairs: dict[int, float] = {}
        rhs = 1.0
        for column, coefficient, _whole in terms:
            key = serving.get(column)
            if key is None:
                pairs[column] = pairs.get(column, 0.0) + coefficient
                continue
            per_unit = coefficient / f.serve_units[(key[0], w)]
            for fleet, c in f.fleet(key[0], t, per_unit):
                pairs[fleet] = pairs.get(fleet, 0.0) + c
            rhs -= per_unit * instance.offers[key[0]].existing[t]
        index = np.array(list(pairs), dtype=np.int32)
        h.addRow(rhs, np.inf, len(index), index, np.array(list(pairs.values())))


def _month(name: str) -> int:
    """The month a column is indexed by (its name's last number; -1 for `one`)."""
    last = name.rsplit("_", 1)[-1]
    return int(last) if last.isdigit() else -1


def _fixed_at_optimum(last_only: bool) -> Change:
    """The long-term units n fixed at the "as is" optimum's (solved first, not timed): those
    of the horizon's last month (the fleet the tail's months are paid for), or of every
    month."""

    def change(f: Formulation, h: Any) -> None:
        sink = f.sink
        assert isinstance(sink, HighsSink)
        first = sink.highs(60.0, 1e-4, 1)
        first.run()
        values = first.getSolution().col_value
        last = f.instance.horizon - 1
        for i, name in enumerate(sink.names):
            if name.startswith("n_") and (not last_only or _month(name) == last):
                h.changeColBounds(i, values[i], values[i])

    return change


def _relaxed_before_last(f: Formulation, h: Any) -> None:
    """Every column of the months before the horizon's last continuous: the last month and
    the tail (which its units are paid for) stay whole. A lower bound, not a plan."""
    sink = f.sink
    assert isinstance(sink, HighsSink)
    last = f.instance.horizon - 1
    relaxed = [i for i, name in enumerate(sink.names) if 0 <= _month(name) < last]
    kinds = np.zeros(len(relaxed), dtype=np.uint8)
    h.changeColsIntegrality(len(relaxed), np.array(relaxed, dtype=np.int32), kinds)


VARIANTS: list[tuple[str, dict[str, Any], Change | None]] = [
    ("as is", {}, None),
    ("no replacement caps", {}, None),
    ("units of whole blocks continuous", {}, _implied_units),
    ("demand rows in whole units added", {}, _fleet_demand_rows),
    ("tail_months=1", {"tail_months": 1}, None),
    ("full_term (no tail)", {"commitment_accounting": "full_term"}, None),
    ("in_horizon (no tail)", {"commitment_accounting": "in_horizon"}, None),
    ("no month-to-month in horizon", {}, _fix_month_to_month),
    ("LP relaxation", {}, _integer_only()),
    ("integer: long-term units n", {}, _integer_only("n_")),
    ("integer: n and month-to-month c", {}, _integer_only("n_", "c_")),
    ("integer: n and blocks g", {}, _integer_only("n_", "g_")),
    ("integer: blocks g", {}, _integer_only("g_")),
    ("last month's n fixed at the optimum", {}, _fixed_at_optimum(last_only=True)),
    ("every n fixed at the optimum", {}, _fixed_at_optimum(last_only=False)),
    ("months before the last relaxed", {}, _relaxed_before_last),
]


def _solve(
    row_name: str, label: str, options: dict[str, Any], change: Change | None, args: Any
) -> str:
    row = next(r for r in ROWS if r.name == row_name)
    request, forecast, catalog = _request(row)
    if args.workloads:
        keep = [int(i) for i in args.workloads.split(",")]
        forecast = msgspec.structs.replace(
            forecast, workloads=tuple(forecast.workloads[i] for i in keep)
        )
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, **options)
    )
    _full, instance, _ = prepare_for_solve(catalog, request, forecast)
    sink = HighsSink()
    f = write_model(instance, sink, **WRITE.get(label, {}))
    h = sink.highs(args.seconds, request.options.gap, 1)
    if change is not None:
        change(f, h)
    integers = int(np.count_nonzero(np.array(h.getLp().integrality_, dtype=np.uint8)))
    began = time.process_time()
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    bound = (
        f"{info.mip_dual_bound:14,.0f} {info.mip_gap:8.1e}" if integers else f"{'-':>14} {'-':>8}"
    )
    return (
        f"{len(sink.names):6d} {integers:5d} {time.process_time() - began:7.2f}"
        f" {max(0, info.mip_node_count):7d}  {status[:18]:<18}"
        f" {info.objective_function_value:14,.0f} {bound}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="rows whose name contains this")
    parser.add_argument("--seconds", type=float, default=20.0, help="time limit per solve")
    parser.add_argument("--workloads", help="positions of the workloads to keep, e.g. 0,2")
    args = parser.parse_args()
    silence_banner()
    header = (
        f"{'variant':<34}{'cols':>6} {'ints':>5} {'cpu s':>7} {'nodes':>7}  {'status':<18}"
        f" {'objective':>14} {'bound':>14} {'gap':>8}"
    )
    for row_name in ANATOMY_ROWS:
        if args.only and args.only not in row_name:
            continue
        print(f"\n{row_name} (time limit {args.seconds:g} s per solve, one thread)\n{header}")
        for label, options, change in VARIANTS:
            print(f"{label:<34}{_solve(row_name, label, options, change, args)}", flush=True)
    print("\nCPU seconds of HiGHS alone; nodes and bound say more than time on a shared machine")


if __name__ == "__main__":
    main()
