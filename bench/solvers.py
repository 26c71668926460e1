"""SCIP against HiGHS on our own models (issue 12): each row's main MILP, built as the product
builds it, solved by each solver to the row's goal gap.

Run: .venv/bin/python -m bench.solvers [--only NAME] [--runs N] [--seconds S] [--paths P,Q]

Paths (each run a child process of its own):
- `highs1` / `highs2`: HiGHS in process, the model passed as the product passes it (columns in
  PuLP's order below `optimizer.phases.DIRECT_COLUMNS`, as written above it), 1 thread / the
  product's `SOLVER_THREADS`;
- `highs-mps`: HiGHS (1 thread) reading the MPS file HiGHS wrote of that model;
- `scip-mps`: SCIP reading the same MPS file (default settings, one thread);
- `scip`: SCIP in process, the same arrays in the same order (default settings);
- `scip-<setting>`: `scip` with one of SCIP's settings that matter for this structure
  (`SETTINGS`).
Printed per path: median wall and CPU seconds of the solve alone (the build and the file
read are not counted), status, objective, the final and root bounds, the gap as
(objective - bound) / objective, nodes, the run's max RSS. A run that does not reach the
row's gap within `--seconds` says so (SCIP's status `timelimit`).

pyscipopt is not a dependency of the product: `.venv/bin/pip install -e '.[solvers]'` first
(pyproject's `solvers` extra).

Measured (2026-11-30, HiGHS 1.16.0 (the newest highspy on the registry), SCIP 10.0 through
pyscipopt 6.3.0; the shared 2-core machine, load average 3-16: CPU seconds are the figures to
compare, wall seconds were 1-3x them). CPU s of the solve alone, the median of 3 runs where
"x3"; objective, root bound and gap as printed; optimum the same wherever both proved it:
- power-capped whole, 1e-4 (x3): HiGHS 1 thread 1.66 CPU s (342 nodes, root 113.013M),
  2 threads 1.53; SCIP from the MPS 1.08 (474 nodes, root 112.899M), in process 2.61-2.78
  (2,331 nodes, root 112.966M). SCIP's settings, in process: presolve aggressive 2.16 (612
  nodes, root 113.026M), symmetry off 2.56, cuts aggressive 2.07, easycip 2.31, heuristics
  aggressive 7.6, optimality 3.8, feasibility 4.7, presolve off 5.2, phaseproof 2.0. All at
  113,148,112.79.
- power-capped whole tail24 (the example as shipped), 1e-4 (x3): HiGHS 0.51-0.55 (1 node,
  its root bound the optimum 67,415,551.72), 2 threads 0.60; SCIP from the MPS 0.15, in
  process 0.08-0.09 (1 node), easycip 0.05; cuts aggressive 0.69, phaseproof 7.9.
- power-capped whole in_horizon, 1e-4 (x3): HiGHS 2.45-2.86 (766 nodes, root 11.133M),
  2 threads 3.01; SCIP from the MPS 1.44, in process 1.74-1.80 (878 nodes, root 11.160M);
  settings 1.41-2.91. All at 11,438,809.25.
- power-capped fractional, 1e-4 (x3): HiGHS 1.44 (1 node, root 86.618M), 2 threads 1.53;
  SCIP from the MPS 2.32 (9 nodes), in process 1.89 (10 nodes). Objectives 86,627,845.37
  (HiGHS) and 86,627,845.37 / 86,634,469.15 (SCIP), within the gap.
- seed example's main model at 1e-6 (the gap of the sensitivity's re-solves) (x3): HiGHS
  0.10, 2 threads 0.12; SCIP from the MPS 0.10, in process 0.15. All 37,129,710.67.
- shipped 3x12 whole, 1e-4, 60 s limit (x1, load 4): neither proves it. HiGHS 44.9 CPU s, gap
  4.0e-3 (13,417 nodes, root 56.388M); SCIP from the MPS 39.8, gap 3.0e-3 (root 56.519M), in
  process 44.1, gap 2.3e-3 (root 56.546M). At a 30 s limit (load 12, about 8 CPU s each):
  HiGHS 9.3e-3; SCIP 6.1e-3; heuristics aggressive 5.4e-3; every other setting 3.0e-2 or
  worse but symmetry off and presolve aggressive (6.1e-3).
- clones 100x36x20, 1e-3, 60 s limit (x1): HiGHS 36.0 CPU s, gap 1.2e-2 (plan 513.70M, bound
  507.46M, its root's); SCIP from the MPS 34.7, gap 5.2e-2 (plan 535.75M, bound 507.79M), in
  process 32.9, 5.5e-2. The same bound; SCIP's plan is worse.
- caps 100x36x20, 1e-2, 60 s limit (x1): HiGHS 52.4 CPU s, gap 2.7e-1 (plan 713.2M, bound
  520.57M, root 519.63M); SCIP from the MPS 41.9 CPU s with no plan and its LP bound 504.79M
  (its root unfinished); in process no plan and no bound.
- Run to run (5 random seeds each, one process, load 14, CPU s at 1e-4): power-capped whole
  HiGHS 1.96-2.63 (median 2.05), SCIP 1.89-3.34 (2.50); in_horizon HiGHS 2.25-3.56 (2.59),
  SCIP 1.46-2.27 (1.93); tail24 HiGHS 0.37-0.57 (0.45), SCIP 0.07-0.21 (0.09). The spread of
  one solver over seeds (or between its MPS and in-process runs of the same model: SCIP
  1.08 against 2.7 on power-capped whole) is as wide as the difference between the solvers.
- HiGHS reading the same MPS file (x1): tail24 0.58 CPU s, in_horizon 2.40: as in process.
- Memory, caps 100x36x20 at a 30 s limit (load 15; the build included): HiGHS 394-466 MiB max
  RSS, SCIP 550-589 MiB.
- HiGHS's own advice on these models ("excessively large costs", user_objective_scale -3):
  power-capped whole 1.73 CPU s against 1.83, tail24 0.50 against 0.61 (x3): nothing.
Columns / integer columns: power-capped whole 712 / 156, tail24 431 / 156, in_horizon
240 / 144, fractional 928 / 180, seed 557 / 120, shipped 3x12 1,922 / 648.

Verdict: SCIP is not integrated. It is 3x faster on no goal row: on power-capped whole it
ties HiGHS within the run-to-run spread, shipped 3x12 is proven by neither (SCIP's root bound
is better, 56.52-56.55M against 56.39M, and its gap at the limit 1.3-1.7x smaller, far from
1e-4 in 0.5 s), and on the large rows it is worse (clones: its plan 4x further from the same
bound; caps: no plan, its root unfinished, 20-30% more memory). It wins beside the goals only:
tail24 (the example as shipped) about 5x (HiGHS spends its 0.5 s in root separation, 1,092
cuts, and finds the optimum by a sub-MIP at the end of the root), in_horizon about 1.3x; and
it loses on fractional (1.3-1.6x). No size or shape separates those rows (tail24 431 columns,
seed 557 even, whole 712 even), so no rule could choose it. The bound is the problem, and
SCIP's cuts close it no faster than HiGHS's.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from bench.solve import ROWS, _request, measure_in_child
from optimizer.highs_sink import HighsSink
from optimizer.phases import DIRECT_COLUMNS
from optimizer.prepare import prepare_for_solve
from optimizer.request import PlanRequest
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, silence_banner

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-deepseek-r1.json"

TABLE_ROWS = [
    ("power-capped whole", 1e-4),
    ("power-capped whole tail24", 1e-4),
    ("power-capped whole in_horizon", 1e-4),
    ("power-capped fractional", 1e-4),
    ("shipped 3x12 whole", 1e-4),
    ("clones 100x36x20", 1e-3),
    ("caps 100x36x20", 1e-2),
    ("seed 1e-6", 1e-6),
]
"""Each row and the gap its goal asks for; `seed 1e-6` is the seed example's main model at the
gap the sensitivity's re-solves ask (`bench/sensitivity.py`; its re-solves are narrowed models of
about 450 columns, this one has 557)."""


def _sink(row_name: str) -> HighsSink:
    """The row's main model written into a HighsSink, as the product writes it."""
    if row_name.startswith("seed"):
        request = msgspec.json.decode(SEED.read_bytes(), type=PlanRequest)
        assert request.forecast is not None
        from catalog import default_catalog

        _full, instance, _ = prepare_for_solve(default_catalog(), request, request.forecast)
    else:
        row = next(r for r in ROWS if r.name == row_name)
        request, forecast, catalog = _request(row)
        _full, instance, _ = prepare_for_solve(catalog, request, forecast)
    sink = HighsSink()
    write_model(instance, sink)
    return sink


def _highs(sink: HighsSink, seconds: float, gap: float, threads: int) -> Any:
    return sink.highs(seconds, gap, threads, like_pulp=len(sink.names) < DIRECT_COLUMNS)


def _highs_result(h: Any) -> dict[str, Any]:
    info = h.getInfo()
    return {
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "nodes": max(0, info.mip_node_count),
    }


def _highs_root(sink: HighsSink, seconds: float, threads: int) -> float:
    """HiGHS's bound at the end of its root node (one node, root cuts included)."""
    h = _highs(sink, seconds, 0.0, threads)
    h.setOptionValue("mip_max_nodes", 1)
    h.run()
    return float(h.getInfo().mip_dual_bound)


def _scip_from_sink(sink: HighsSink, seconds: float, gap: float) -> Any:
    """A SCIP model of the sink's arrays, columns in the order HiGHS gets them."""
    from pyscipopt import Model, quicksum

    m = Model()
    m.hideOutput()
    order = sink.order(len(sink.names) < DIRECT_COLUMNS)
    variables: list[Any] = [None] * len(order)
    for i in order:
        up = sink.upper[i]
        variables[i] = m.addVar(
            name=sink.names[i],
            vtype=_vtype(sink, i),
            lb=sink.lower[i],
            ub=None if up == float("inf") else up,
            obj=sink.cost[i],
        )
    for r in range(len(sink.row_lower)):
        a, b = sink.starts[r], sink.starts[r + 1]
        expression = quicksum(
            v * variables[j] for j, v in zip(sink.index[a:b], sink.value[a:b], strict=True)
        )
        low, up = sink.row_lower[r], sink.row_upper[r]
        if low > -float("inf"):
            m.addCons(expression >= low, name=f"r{r}")
        else:
            m.addCons(expression <= up, name=f"r{r}")
    _scip_limits(m, seconds, gap)
    return m


def _vtype(sink: HighsSink, i: int) -> str:
    """SCIP's kind of column `i`: binary where an integer column lies in [0, 1], as SCIP's MPS
    reader makes it."""
    if not sink.integer[i]:
        return "C"
    return "B" if (sink.lower[i], sink.upper[i]) == (0.0, 1.0) else "I"


def _scip_limits(m: Any, seconds: float, gap: float) -> None:
    m.setParam("limits/time", seconds)
    m.setParam("limits/gap", gap)


def _scip_result(m: Any) -> dict[str, Any]:
    objective = m.getObjVal() if m.getNSols() else None
    return {
        "status": m.getStatus(),
        "objective": objective,
        "bound": m.getDualbound(),
        "root": m.getDualboundRoot(),
        "nodes": m.getNTotalNodes(),
    }


def _scip_setting(name: str) -> Callable[[Any], None]:
    from pyscipopt.scip import PY_SCIP_PARAMEMPHASIS as SCIP_PARAMEMPHASIS
    from pyscipopt.scip import PY_SCIP_PARAMSETTING as SCIP_PARAMSETTING

    settings: dict[str, Callable[[Any], None]] = {
        "nosym": lambda m: m.setParam("misc/usesymmetry", 0),
        "presolve-aggr": lambda m: m.setPresolve(SCIP_PARAMSETTING.AGGRESSIVE),
        "presolve-off": lambda m: m.setPresolve(SCIP_PARAMSETTING.OFF),
        "cuts-aggr": lambda m: m.setSeparating(SCIP_PARAMSETTING.AGGRESSIVE),
        "heur-aggr": lambda m: m.setHeuristics(SCIP_PARAMSETTING.AGGRESSIVE),
        "easycip": lambda m: m.setEmphasis(SCIP_PARAMEMPHASIS.EASYCIP),
        "optimality": lambda m: m.setEmphasis(SCIP_PARAMEMPHASIS.OPTIMALITY),
        "feasibility": lambda m: m.setEmphasis(SCIP_PARAMEMPHASIS.FEASIBILITY),
        "phaseproof": lambda m: m.setEmphasis(SCIP_PARAMEMPHASIS.PHASEPROOF),
    }
    return settings[name]


SETTINGS = [
    "nosym",
    "presolve-aggr",
    "presolve-off",
    "cuts-aggr",
    "heur-aggr",
    "easycip",
    "optimality",
    "feasibility",
    "phaseproof",
]


def _measure(row_name: str, gap: float, path: str, seconds: float, mps: str) -> dict[str, Any]:
    """One solve of the row's model along `path`, in this process."""
    silence_banner()
    built = time.perf_counter()
    sink = _sink(row_name)
    result: dict[str, Any] = {"columns": len(sink.names), "rows": len(sink.row_lower)}
    if path.startswith("highs"):
        threads = SOLVER_THREADS if path == "highs2" else 1
        h = _highs(sink, seconds, gap, threads)
        if path == "highs-mps":
            h.readModel(mps)
            h.setOptionValue("mip_rel_gap", gap)
        result["build"] = time.perf_counter() - built
        began, cpu = time.perf_counter(), time.process_time()
        h.run()
        result |= _highs_result(h)
        result |= {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu}
        result["root"] = _highs_root(sink, seconds, threads) if path == "highs1" else None
    else:
        from pyscipopt import Model

        if path == "scip-mps":
            m = Model()
            m.hideOutput()
            m.readProblem(mps)
            _scip_limits(m, seconds, gap)
        else:
            m = _scip_from_sink(sink, seconds, gap)
            setting = path.removeprefix("scip").removeprefix("-")
            if setting:
                _scip_setting(setting)(m)
        result["build"] = time.perf_counter() - built
        began, cpu = time.perf_counter(), time.process_time()
        m.optimize()
        result |= _scip_result(m)
        result |= {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu}
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _write_mps(row_name: str, directory: str) -> str:
    path = str(Path(directory) / f"{row_name.replace(' ', '_')}.mps")
    silence_banner()
    h = _highs(_sink(row_name), 1.0, 1e-4, 1)
    h.writeModel(path)
    return path


def _child(row_name: str, gap: float, path: str, seconds: float, mps: str) -> dict[str, Any]:
    arguments = ["bench.solvers", "--measure", row_name, "--path", path, "--gap", str(gap)]
    return measure_in_child([*arguments, "--seconds", str(seconds), "--mps", mps])


INFINITE = 1e19
"""SCIP's infinity is 1e20: a bound at or beyond this is none."""


def _gap(run: dict[str, Any]) -> float | None:
    objective, bound = run.get("objective"), run.get("bound")
    if objective is None or bound is None or objective == 0 or abs(bound) >= INFINITE:
        return None
    return float(max(0.0, (objective - bound) / abs(objective)))


def _amount(value: float | None) -> str:
    """An objective or bound, or '-' for none (SCIP's root bound of a model solved in presolve
    is its infinity)."""
    return "-" if value is None or abs(value) >= INFINITE else f"{value:,.2f}"


def _line(path: str, runs: list[dict[str, Any]]) -> str:
    timed = [r for r in runs if "seconds" in r]
    if not timed:
        return f"  {path:<18}{runs[0]['status']}"
    last = timed[-1]
    gap = _gap(last)
    objective, bound, root = (_amount(last.get(key)) for key in ("objective", "bound", "root"))
    return (
        f"  {path:<18}{statistics.median(r['seconds'] for r in timed):8.2f}"
        f"{statistics.median(r['cpu'] for r in timed):8.2f}  {str(last['status'])[:14]:<14}"
        f"{objective:>17} {bound:>16} {root:>16}"
        f" {'-' if gap is None else f'{gap:8.1e}':>8} {last['nodes']:7d}"
        f" {max(r['rss_mib'] for r in timed):6.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="rows whose name contains this")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--paths", default="highs1,highs2,highs-mps,scip-mps,scip")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--gap", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--mps", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.gap, args.path, args.seconds, args.mps)))
        return
    header = (
        f"  {'path':<18}{'wall s':>8}{'cpu s':>8}  {'status':<14}{'objective':>17}"
        f" {'bound':>16} {'root bound':>16} {'gap':>8} {'nodes':>7} {'MiB':>6}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for row_name, gap in TABLE_ROWS:
            if args.only and args.only not in row_name:
                continue
            mps = _write_mps(row_name, directory)
            print(f"\n{row_name} (gap {gap:g}, limit {args.seconds:g} s)\n{header}", flush=True)
            for path in args.paths.split(","):
                runs = [_child(row_name, gap, path, args.seconds, mps) for _ in range(args.runs)]
                print(_line(path, runs), flush=True)
    print(f"\nmedian of --runs; load: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
