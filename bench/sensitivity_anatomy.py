"""Where a sensitivity run's time goes: each solver run by kind, split into writing its model,
choosing its start, HiGHS, and the rest, with how many ran at once (bench/sensitivity.py
times the whole).

Run: .venv/bin/python -m bench.sensitivity_anatomy [example] [--workers N] [--runs] [--timeline]

Instruments the run from outside (wrapped functions; the optimizer is unchanged): HiGHS's
`run`, `DirectModel` (the model written), `Starts.feasible` (starts chosen and checked), a
demand step searched over the final fleet (`optimizer.demand_starts.fleet_step`, its PuLP
model's write counted in `rest`),
each attributed to the solver run in whose call it happens, by the run's kind as the run
counts it. CPU seconds are the calling thread's (`time.thread_time`): HiGHS on one thread
runs in the caller's. `--timeline`: each task of the run's pool (`sensitivity_run.Pool`: a
demand step, a bought offer's search, a chain of searches) and each caller's guess, with its
thread, start and end (seconds from the run's start), CPU and HiGHS's share of it: what
waits on what with two workers.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import highspy
import msgspec

from catalog import default_catalog
from optimizer import (
    PlanRequest,
    SensitivityOptions,
    certificates,
    demand_starts,
    direct,
    make_plan,
    neighbours,
    sensitivity,
    sensitivity_run,
    starts,
    swaps,
    trials,
)

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-deepseek-r1.json"
PARTS = ("write", "start", "highs")
_local = threading.local()
_lock = threading.Lock()
runs: list[dict[str, Any]] = []
"""One per solver run: kind, thread, wall start/end, CPU and each part's CPU seconds."""


def _kind(frame: Any) -> str:
    """The run kind of the solver run whose call `frame` is inside (see `RunKind`)."""
    while frame is not None:
        name = frame.f_code.co_qualname
        if name == "Trials.using.<locals>.trial":
            lever, force = frame.f_locals.get("lever"), frame.f_locals.get("force")
            kind = frame.f_locals.get("kind", "?")
            return str(kind) if lever is None else "price" if force is None else "forced"
        if name == "Trials.asking.<locals>.ask":
            return "ask"  # `early` or `price`: told apart by the result below
        if name == "Trials.joint.<locals>.trial":
            return "joint"
        if name == "Trials.certifying.<locals>.certify":
            return "certificate"
        if name == "add_swap":
            return "swap"
        if name == "neighbours":
            return "neighbour"
        if name == "add_floor_start":
            return "floor"
        if name == "guessed":
            return "guess"
        frame = frame.f_back
    return "other"


def _what(frame: Any) -> str:
    """The offer and price of the solver run whose call `frame` is inside, and its force."""
    while frame is not None:
        found = frame.f_locals
        if "changed" in found and "lever" in found:
            lever, changed = found["lever"], found["changed"]
            if lever is None:
                return ""
            offer = (
                changed.offers[lever.index].id
                if lever.kind == "gpu"
                else changed.api_offers[lever.index].id
            )
            force = found.get("force") or ""
            return f"{offer} at {lever.price(changed):.4g} {force}"
        frame = frame.f_back
    return ""


def _timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.thread_time() - cpu
            current = getattr(_local, "run", None)
            if current is not None:
                current[part] += spent
            else:
                with _lock:
                    loose[(_kind(sys._getframe(1)), part)] += spent

    return wrapper


tasks: list[dict[str, Any]] = []
"""`--timeline`: one per pool task or caller's guess: its name, thread, start, end, CPU."""


def _task_name(task: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """A pool task's name: a demand step's workload and change, a search's or chain's offers."""
    name = getattr(task, "__name__", "task")
    lever = "{0.kind}{0.index}".format
    if name in ("demand", "first_demand"):
        return f"demand step {args[1]:+.0%} (workload {args[0]})"
    if name in ("search", "bought_search"):
        return f"bought search {lever(args[0])}"
    if name == "chain":
        return "chain " + ",".join(lever(each) for each in args[0])
    return name


def _task(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, recorded in `tasks` with the HiGHS CPU seconds of its thread within it."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        record: dict[str, Any] = {"name": name, "thread": threading.current_thread().name}
        record["began"], cpu = time.perf_counter(), time.thread_time()
        highs = getattr(_local, "highs", 0.0)
        try:
            return function(*args, **kwargs)
        finally:
            record["ended"], record["cpu"] = time.perf_counter(), time.thread_time() - cpu
            record["highs"] = getattr(_local, "highs", 0.0) - highs
            with _lock:
                tasks.append(record)

    return wrapper


loose: dict[tuple[str, str], float] = defaultdict(float)
"""Parts spent outside any solver run (guesses' start checks, say), by kind and part."""


def _run_wrapped(function: Callable[..., Any]) -> Callable[..., Any]:
    """A solver run: `run_trial` or `certificate`, recorded in `runs`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        outer = getattr(_local, "run", None)
        if outer is not None:  # a certificate inside nothing, a trial inside nothing
            return function(*args, **kwargs)
        record: dict[str, Any] = dict.fromkeys(PARTS, 0.0)
        record["kind"] = _kind(sys._getframe(1))
        record["what"] = _what(sys._getframe(1))
        record["thread"] = threading.current_thread().name
        record["began"] = time.perf_counter()
        cpu = time.thread_time()
        _local.run = record
        try:
            result = function(*args, **kwargs)
        finally:
            _local.run = None
            record["cpu"] = time.thread_time() - cpu
            record["ended"] = time.perf_counter()
            with _lock:
                runs.append(record)
        if result is None and not record.get("highs_runs"):
            with _lock:
                runs.remove(record)  # a demand step the fleet search was not chosen for
            return result
        if record["kind"] == "ask":
            record["kind"] = "early" if result.status == "feasible" else "price"
        return result

    return wrapper


def _counted(run: Callable[..., Any]) -> Callable[..., Any]:
    """HiGHS's `run`, its branch-and-bound nodes added to the solver run it is part of."""

    def wrapper(h: Any) -> Any:
        cpu = time.thread_time()
        status = run(h)
        _local.highs = getattr(_local, "highs", 0.0) + time.thread_time() - cpu
        current = getattr(_local, "run", None)
        if current is not None:
            current["nodes"] = current.get("nodes", 0) + int(h.getInfo().mip_node_count)
            current["highs_runs"] = current.get("highs_runs", 0) + 1
        return status

    return wrapper


def _starting(solve: Callable[..., Any]) -> Callable[..., Any]:
    """`solve_direct`, noting on the solver run whether its model had a start."""

    def wrapper(model: Any, **kwargs: Any) -> Any:
        current = getattr(_local, "run", None)
        if current is not None:
            current["from"] = "start" if model.start is not None else "cold"
        return solve(model, **kwargs)

    return wrapper


def instrument() -> None:
    make: Any = highspy.Highs
    make.run = _timed("highs", _counted(make.run))
    original_init = direct.DirectModel.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        _timed("write", original_init)(self, *args, **kwargs)

    direct.DirectModel.__init__ = init  # type: ignore[method-assign]
    starts.Starts.feasible = _timed("start", starts.Starts.feasible)  # type: ignore[method-assign]
    trials.solve_direct = _starting(direct.solve_direct)  # type: ignore[attr-defined]
    wrapped = _run_wrapped(trials.run_trial)
    sensitivity_run.run_trial = wrapped  # type: ignore[attr-defined]
    sensitivity_run.certificate = _run_wrapped(certificates.certificate)  # type: ignore[attr-defined]
    swaps.solve_direct = _run_wrapped(direct.solve_direct)  # type: ignore[attr-defined]
    neighbours.solve_direct = _run_wrapped(direct.solve_direct)  # type: ignore[attr-defined]
    demand_starts.solve_direct = _run_wrapped(direct.solve_direct)  # type: ignore[attr-defined]
    sensitivity_run.fleet_step = _run_wrapped(demand_starts.fleet_step)  # type: ignore[attr-defined]
    submit = sensitivity_run.Pool.submit

    def submitted(pool: Any, task: Callable[..., Any], *args: Any) -> Any:
        return submit(pool, _task(_task_name(task, args), task), *args)

    sensitivity_run.Pool.submit = submitted  # type: ignore[method-assign, assignment]
    run_module = sys.modules["optimizer.sensitivity"]
    run_module._guessed_curve = _task("guess", run_module._guessed_curve)  # type: ignore[attr-defined]


def timeline(began: float) -> None:
    """`--timeline`: the pool's tasks and the guesses, by start."""
    print(f"{'start':>6} {'end':>6} {'thread':>14} {'cpu':>6} {'highs':>6}  task")
    for t in sorted(tasks, key=lambda t: t["began"]):
        print(
            f"{t['began'] - began:6.3f} {t['ended'] - began:6.3f} {t['thread'][-14:]:>14} "
            f"{t['cpu']:6.3f} {t['highs']:6.3f}  {t['name']}"
        )


def report(wall: float, cpu: float) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in runs:
        by_kind[record["kind"]].append(record)
    print(f"{'kind':12} {'runs':>4} {'cpu':>6} {'write':>6} {'start':>6} {'highs':>6} {'rest':>6}")
    total = dict.fromkeys(("cpu", *PARTS), 0.0)
    for kind, records in sorted(by_kind.items()):
        sums = {key: sum(r[key] for r in records) for key in total}
        for key in total:
            total[key] += sums[key]
        rest = sums["cpu"] - sum(sums[p] for p in PARTS)
        print(
            f"{kind:12} {len(records):4d} {sums['cpu']:6.3f} {sums['write']:6.3f} "
            f"{sums['start']:6.3f} {sums['highs']:6.3f} {rest:6.3f}"
        )
    rest = total["cpu"] - sum(total[p] for p in PARTS)
    print(
        f"{'all runs':12} {len(runs):4d} {total['cpu']:6.3f} {total['write']:6.3f} "
        f"{total['start']:6.3f} {total['highs']:6.3f} {rest:6.3f}"
    )
    for (kind, part), spent in sorted(loose.items()):
        print(f"outside runs: {kind} {part} {spent:.3f} CPU s")
    print(f"the run: {wall:.2f} s wall, {cpu:.2f} CPU s (process); runs' CPU {total['cpu']:.2f}")
    # How many runs were in flight, over the run's wall time.
    events = sorted([(r["began"], 1) for r in runs] + [(r["ended"], -1) for r in runs])
    at_once: dict[int, float] = defaultdict(float)
    level, last = 0, events[0][0] if events else 0.0
    for moment, step in events:
        at_once[level] += moment - last
        level, last = level + step, moment
    shares = ", ".join(f"{n} at once {s:.2f} s" for n, s in sorted(at_once.items()))
    print(f"runs in flight: {shares}")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if listing:
        for r in sorted(runs, key=lambda r: r["began"]):
            print(
                f"{r['began'] - runs[0]['began']:6.2f} {r['thread'][-1:]} {r['kind']:11} "
                f"{r['cpu']:6.3f} {r['highs']:6.3f} {r.get('nodes', 0):5d} "
                f"{r.get('from', '-'):5} {r.get('highs_runs', 0)} {r['what']}"
            )


listing = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("example", nargs="?", default=str(SEED))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", action="store_true", help="list every solver run")
    parser.add_argument("--timeline", action="store_true", help="list the pool's tasks")
    args = parser.parse_args()
    global listing
    listing = args.runs
    request = msgspec.json.decode(Path(args.example).read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plan = make_plan(catalog, request, request.forecast, plan_id="bench")
    instrument()
    began, cpu = time.perf_counter(), time.process_time()
    result = sensitivity(catalog, plan, SensitivityOptions(), workers=args.workers)
    report(time.perf_counter() - began, time.process_time() - cpu)
    if args.timeline:
        timeline(began)
    print(f"solver runs by kind: {result.solver_runs}")


if __name__ == "__main__":
    main()
