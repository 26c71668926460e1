"""Could an LP with cuts harvested from HiGHS prove a sensitivity run's MILPs? (issue 14; the
figures and the verdict are in bench/sensitivity.py's docstring, round of session 16.)

Run: .venv/bin/python -m bench.cut_proofs [examples/seed-deepseek-r1.json]

Captures every MILP a sensitivity run (one worker) hands HiGHS through `optimizer.trials`
(the base, demand steps, plain, forced, early and joint re-solves; not the certificates and
neighbours, whose models are LPs or small sub-MIPs), then, for each, offline:
- its LP relaxation's bound, against the optimum the run proved;
- a harvest: the same model solved by HiGHS with nothing that uses its costs before the cut
  pool is read (`HARVEST`: presolve, symmetry, restarts and every optional heuristic off, no
  start, one node), HiGHS's `kCallbackMipGetCutPool` reading the cuts in the LP at the end of
  the root's separation (`HighsMipSolverData::evaluateRootNode`, HiGHS 1.16), and
  `kCallbackMipSolution` recording every incumbent found before (all pass through
  `HighsMipSolverData::addIncumbent`, which then runs reduced-cost fixing
  (`redcostfixing.propagateRootRedcost`), objective cliques (`cliquetable.extractObjCliques`)
  and propagation of the objective cutoff on the global domain: the cuts separated after it
  hold only for plans whose cost, at the harvested prices, is below the incumbent's);
- the harvest's cuts are usable at other prices only when no incumbent came first. Where one
  did (objective `U` at the harvested costs `c'`), they are valid on {c'x < U} only, and a
  bound at other costs `c` sound for every plan is min(LP(c) with the cuts and c'x <= U,
  LP(c) with c'x >= U): the "disjunctive" bound, made here from every other harvest of a
  model with the same rows and bounds (a price re-solve's), its best kept (a ceiling: a run
  would have only the harvests of the checks made before);
- the harvest's own bound after its node (HiGHS's root with its incumbent: what the cuts of
  the check's own model give, at the cost of a MILP root);
- for comparison, not sound: every such harvest's cuts pooled in one LP, with the number of
  those cuts the model's own optimum violates (a cut that depends on another objective).
A check the cut LP could replace is one whose start is its optimum (the run found it before)
and whose bound reaches it within the run's gap.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import msgspec
import numpy as np
from highspy import cb

from catalog import default_catalog
from optimizer import PlanRequest, SensitivityOptions, make_plan, sensitivity, trials
from optimizer.highs_sink import HighsSink

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-deepseek-r1.json"
GAP = 1e-6
"""The run's gap (`optimizer.sensitivity.SENSITIVITY_GAP`): a bound within it is a proof."""
HARVEST: dict[str, Any] = {
    "presolve": "off",  # its reductions use costs, and its cuts are in its own columns
    "mip_detect_symmetry": False,  # orbitopes and orbital fixing assume the costs' symmetry
    "mip_allow_restart": False,  # a restart presolves again
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_zi_round": False,
    "mip_heuristic_run_shifting": False,
    "mip_max_nodes": 1,
    "mip_pscost_minreliable": 0,
}
"""HiGHS options of a harvest. Randomized rounding of the first root LP solution and central
rounding within the separation loop have no option in HiGHS 1.16: an incumbent they find is
caught by `kCallbackMipSolution`."""
Cut = tuple[Any, Any, float, float]
"""A cut: column indices, coefficients, lower and upper bound."""


@dataclass
class Captured:
    label: str
    sink: HighsSink
    start: list[float] | None
    status: str
    objective: float | None
    cpu: float
    values: list[float]


@dataclass
class Harvest:
    cuts: list[Cut] | None = None
    """The cuts in the root LP when the callback fired (None: it never fired)."""
    incumbent: float | None = None
    """The best incumbent's objective when the callback fired (None: none had been found)."""
    best: float = float("inf")
    dual: float = float("nan")
    cpu: float = 0.0
    sources: list[float] = field(default_factory=list)


def _label(frame: Any) -> str:
    """What the captured solve is, from the run's frames (`Trials._run` or a joint check)."""
    while frame is not None:
        name = frame.f_code.co_qualname
        if name == "Trials._run":
            loc = frame.f_locals
            lever, force, changed = loc.get("lever"), loc.get("force"), loc.get("changed")
            counted = loc.get("counted") or ("ask" if loc.get("stop_below") else "?")
            if lever is None:
                return f"{counted} x{loc.get('scale', 1.0):g}"
            offer = changed.offers[lever.index].offer.id if lever.kind == "gpu" else "api"
            price = lever.price(changed)
            return f"{counted} {offer} @{price:.4g}" + (f" forced {force}" if force else "")
        if name == "Trials.joint.<locals>.trial":
            return "joint"
        frame = frame.f_back
    return "?"


def capture(example: Path) -> list[Captured]:
    """Every MILP a sensitivity run of `example` solves through `optimizer.trials`."""
    captured: list[Captured] = []
    solve = getattr(trials, "solve_direct")  # noqa: B009 (imported there, not exported)

    def spy(model: Any, **kwargs: Any) -> Any:
        sink = copy.deepcopy(model.sink)
        start = None if model.start is None else [float(v) for v in model.start]
        label = _label(sys._getframe(1))
        began = time.process_time()
        solution = solve(model, **kwargs)
        cpu = time.process_time() - began
        captured.append(
            Captured(
                label, sink, start, solution.status, solution.objective, cpu, list(model.values)
            )
        )
        return solution

    request = msgspec.json.decode(example.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plan = make_plan(catalog, request, request.forecast, plan_id="bench")
    setattr(trials, "solve_direct", spy)  # noqa: B010 (patched for the measurement only)
    try:
        sensitivity(catalog, plan, SensitivityOptions(tolerance=0.01), workers=1)
    finally:
        setattr(trials, "solve_direct", solve)  # noqa: B010
    return captured


def harvest(sink: HighsSink) -> Harvest:
    """The cuts of `sink`'s model's root (see the module's docstring)."""
    h = sink.highs(30.0, GAP, 1)
    for name, value in HARVEST.items():
        h.setOptionValue(name, value)
    found = Harvest()
    kinds: Any = cb.HighsCallbackType

    def heard(kind: Any, _message: str, out: Any, _in: Any, _data: Any) -> None:
        if kind == kinds.kCallbackMipSolution:
            found.best = min(found.best, float(out.objective_function_value))
        elif kind == kinds.kCallbackMipGetCutPool and found.cuts is None:
            start = np.array(out.cutpool_start, dtype=np.int64)
            index = np.array(out.cutpool_index, dtype=np.int32)
            value, lower, upper = (
                np.array(out.cutpool_value),
                np.array(out.cutpool_lower),
                np.array(out.cutpool_upper),
            )
            found.cuts = [
                (index[start[k] : start[k + 1]], value[start[k] : start[k + 1]], lower[k], upper[k])
                for k in range(int(out.cutpool_num_cut))
            ]
            found.incumbent = None if found.best == float("inf") else found.best

    h.setCallback(heard, None)
    h.startCallback(kinds.kCallbackMipGetCutPool)
    h.startCallback(kinds.kCallbackMipSolution)
    began = time.process_time()
    h.run()
    found.cpu = time.process_time() - began
    found.dual = float(h.getInfo().mip_dual_bound)
    return found


def lp_bound(
    sink: HighsSink,
    cuts: tuple[Cut, ...] | list[Cut] = (),
    row: tuple[Any, float, float] | None = None,
) -> float:
    """The LP relaxation's bound with `cuts` and `row` (costs, lower, upper) added."""
    h = sink.highs(30.0, GAP, 1, integer=False)
    for index, value, lower, upper in cuts:
        h.addRow(lower, upper, len(index), index, value)
    if row is not None:
        costs, lower, upper = row
        nz = np.nonzero(costs)[0]
        h.addRow(lower, upper, len(nz), nz.astype(np.int32), costs[nz])
    h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        return float("inf")
    return float(h.getInfo().objective_function_value)


def _same_set(sink: HighsSink) -> tuple[Any, ...]:
    """What fixes a model's feasible set: everything but its costs."""
    names = ("names", "lower", "upper", "integer", "starts", "index", "value")
    return (
        *(tuple(getattr(sink, name)) for name in names),
        tuple(sink.row_lower),
        tuple(sink.row_upper),
    )


def _rel(bound: float, optimum: float) -> str:
    if bound in (float("inf"), -float("inf")) or bound != bound:
        return "     -   "
    return f"{(bound - optimum) / abs(optimum):+.2e}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("example", nargs="?", default=str(SEED))
    args = parser.parse_args()
    runs = capture(Path(args.example))
    harvests = [harvest(run.sink) for run in runs]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, run in enumerate(runs):
        groups.setdefault(_same_set(run.sink), []).append(k)
    group_of = {k: ks for ks in groups.values() for k in ks}
    replaced, replaced_cpu, optimal_starts, sound = 0, 0.0, 0, 0
    print(
        "k  check                                   MILP s  start  LP        harvest  "
        "disjunct.  pooled (violated)  harvest's cuts"
    )
    for k, run in enumerate(runs):
        optimum = run.objective
        if optimum is None:
            continue
        costs = np.array(run.sink.cost)
        at_start = None if run.start is None else float(costs @ np.array(run.start))
        is_optimal = at_start is not None and at_start - optimum <= GAP * max(1.0, abs(optimum))
        optimal_starts += is_optimal
        plain = lp_bound(run.sink)
        own = harvests[k]
        best = -float("inf")
        pooled: list[Cut] = []
        for j in group_of[k]:
            other = harvests[j]
            if j == k or not other.cuts:
                continue
            pooled += other.cuts
            if other.incumbent is None:  # valid at any costs
                bound = lp_bound(run.sink, other.cuts)
            else:
                others = np.array(runs[j].sink.cost)
                inf = highspy.kHighsInf
                bound = min(
                    lp_bound(run.sink, other.cuts, (others, -inf, other.incumbent)),
                    lp_bound(run.sink, [], (others, other.incumbent, inf)),
                )
            best = max(best, bound)
        x = np.array(run.values)
        violated = sum(
            1
            for index, value, lower, upper in pooled
            if not lower - 1e-6 * max(1.0, abs(lower))
            <= float(value @ x[index])
            <= upper + 1e-6 * max(1.0, abs(upper))
        )
        pooled_bound = lp_bound(run.sink, pooled) if pooled else float("nan")
        if own.cuts is None:
            how = f"no cut callback (root closed: {_rel(own.dual, optimum)})"
        elif own.incumbent is None:
            sound += 1
            how = f"{len(own.cuts)} cuts, no incumbent before"
        else:
            how = f"{len(own.cuts)} cuts after an incumbent at {_rel(own.incumbent, optimum)}"
        closes = best >= optimum - GAP * max(1.0, abs(optimum))
        if is_optimal and closes:
            replaced += 1
            replaced_cpu += run.cpu
        print(
            f"{k:<2} {run.label[:38]:<38} {run.cpu:6.3f}  {'opt' if is_optimal else '-':<5} "
            f"{_rel(plain, optimum)} {_rel(own.dual, optimum)} {_rel(best, optimum)} "
            f"{_rel(pooled_bound, optimum)} ({violated:3d})  {how}; {own.cpu:.3f} s"
        )
    print(
        f"{len(runs)} MILPs ({sum(r.cpu for r in runs):.2f} CPU s), {optimal_starts} started from "
        f"their optimum; {sum(h.cuts is not None for h in harvests)} harvests reached the cut "
        f"callback, {sound} with no incumbent before it (cuts valid at any costs); the sound "
        f"disjunctive cut LP (every other harvest's cuts, those of later checks too: a "
        f"ceiling) proves {replaced} of those started from their optimum "
        f"({replaced_cpu:.3f} CPU s of MILP); the harvests took "
        f"{sum(h.cpu for h in harvests):.2f} CPU s"
    )
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
