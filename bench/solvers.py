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
(objective - bound) / objective, nodes. A run that does not reach the row's gap within
`--seconds` says so (status `limit`).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from bench.solve import ROWS, _request
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
gap the sensitivity's re-solves ask (`bench/sensitivity.py`: about 450 columns)."""


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
    command = [sys.executable, "-m", "bench.solvers", "--measure", row_name, "--path", path]
    command += ["--gap", str(gap), "--seconds", str(seconds), "--mps", mps]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"status": f"error: {out.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _gap(run: dict[str, Any]) -> float | None:
    objective, bound = run.get("objective"), run.get("bound")
    if objective is None or bound is None or objective == 0:
        return None
    return float(max(0.0, (objective - bound) / abs(objective)))


def _line(path: str, runs: list[dict[str, Any]]) -> str:
    timed = [r for r in runs if "seconds" in r]
    if not timed:
        return f"  {path:<18}{runs[0]['status']}"
    last = timed[-1]
    gap, root = _gap(last), last.get("root")
    objective = "-" if last["objective"] is None else f"{last['objective']:16,.2f}"
    return (
        f"  {path:<18}{statistics.median(r['seconds'] for r in timed):8.2f}"
        f"{statistics.median(r['cpu'] for r in timed):8.2f}  {str(last['status'])[:14]:<14}"
        f"{objective:>17} {last['bound']:16,.2f} {'-' if root is None else f'{root:16,.2f}':>16}"
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
