"""The tail's month-to-month buying in whole units, where the model values it divisibly. With
whole replicas the model's tail is whole already (probe 16a F1; its units and blocks were left
fractional before, when solving them whole took the power-capped example about eight times the
CPU: probe 7 finding 8; since the tail is one block where no renewal is chosen, it costs about
the same), and nothing is solved here. With `fractional` replicas (or `relax`, or a model
past `optimizer.model.WHOLE_TAIL_COLUMNS`), the plan's
fleet of the horizon is kept, and the tail alone is solved again in whole units: what a buyer
who signs those commitments pays after the horizon, shown beside the valuation."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import highspy

from optimizer.assembly import Assembler
from optimizer.highs_sink import HighsSink
from optimizer.incumbent import FEASIBLE_SOLUTION
from optimizer.instance import Instance, estimated_columns
from optimizer.phases import beyond_plain
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, Solution, read_values, silence_banner

__all__ = ["WholeTail", "whole_tail", "whole_tail_cost", "whole_tail_result"]

FRACTION = 1e-6
"""Units this close to a whole number are whole (the solver's tolerance)."""

SECONDS = 5.0
"""Time limit of the tail's whole solve: the horizon fixed, it is one small MILP per block of
tail months (0.01 to 0.1 s on the shipped examples, loaded machine)."""


def _fractional(instance: Instance, solution: Solution) -> bool:
    """True when the tail buys or renews a fraction of a unit, or gives a workload a fraction
    of a replica block (`whole`), in some month."""
    for (_o, s), units in solution.starts.items():
        if s >= instance.horizon and abs(units - round(units)) > FRACTION:
            return True
    dropped = [*solution.not_renewed.values(), *solution.held_not_renewed.values()]
    if any(abs(units - round(units)) > FRACTION for units in dropped):
        return True  # a fraction of a unit renewed (fractional replicas)
    if instance.replicas != "whole":
        return False
    for (o, w, t), gpus in solution.serve.items():
        blocks = gpus / instance.block(o, w)[1]
        if t >= instance.horizon and abs(blocks - round(blocks)) > FRACTION:
            return True
    return False


@dataclass(frozen=True)
class WholeTail:
    """What a fractional tail costs in whole units: `cost`, or None with `missing` saying why
    that solve found no plan (review 7b finding 9: the plan said nothing of it)."""

    cost: float | None
    missing: str = ""


def _missing(status: highspy.HighsModelStatus, seconds: float) -> str:
    """Why the whole-tail solve found no plan, from HiGHS's model status."""
    if status == highspy.HighsModelStatus.kInfeasible:
        return (
            "whole units cannot serve the tail within the plan's limits (a power cap, a vendor "
            "share or a unit limit that only fractional units meet)"
        )
    if status == highspy.HighsModelStatus.kTimeLimit:
        return f"the solve found no plan in its {seconds:.3g} s limit"
    return f"the solve stopped without a plan ({status.name[1:]})"


LIMIT_RAN_OUT = "the plan's time limit ran out"
"""Why a whole tail not solved was not, when its caller does not say (`Clock.ended`)."""

CENT = 0.005
"""A whole tail whose solve stopped within this much of its bound is proven to the cent."""


def _unproven(
    status: highspy.HighsModelStatus, found: float, bound: float, seconds: float, currency: str
) -> str:
    """Why whole units found by a solve stopped before proving them the cheapest (to the cent)
    are not shown ("" when proven): their cost would stand as the least a buyer pays, and may
    be above it by up to the incumbent less the bound (probe 8 finding 1's neighbour: a
    time-limited whole tail was kept as if optimal)."""
    above = found - bound
    if status == highspy.HighsModelStatus.kOptimal or above < CENT:
        return ""
    if not math.isfinite(above):
        return f"the solve stopped at its {seconds:.3g} s limit with no bound on whole units' cost"
    return (
        f"the solve stopped at its {seconds:.3g} s limit with whole units it did not prove the "
        f"cheapest (up to {above:,.2f} {currency} above the least)"
    )


def whole_tail(
    instance: Instance, solution: Solution, seconds: float = SECONDS, ended: str = ""
) -> Solution | str | None:
    """`solution` with its tail solved again in whole units (month-to-month units, the units
    renewed, and under `whole` every workload's replica blocks), the horizon's contracts as
    they are (their renewals chosen again); None when
    its tail is whole already; why not (`_missing`) when that solve finds no plan in `seconds`
    (its model's build included: a power cap or the vendor share whole units cannot meet), or
    does not prove the one it found the cheapest to the cent (`_unproven`), or was not run:
    `seconds` 0 (`ended` says why the plan's time is up), or a model beyond
    `optimizer.phases.PLAIN_COLUMNS` (its build alone took 5 s of caps 300x36x20's plan, and
    HiGHS, which cannot be stopped in its presolve there, found no plan in 30 s)."""
    if not instance.tail or not _fractional(instance, solution):
        return None
    columns = estimated_columns(instance)
    if beyond_plain(columns):
        return (
            f"the model is too large (about {columns:,} columns) to solve its tail again in "
            "whole units within a plan's time"
        )
    if seconds <= 0.0:
        return f"{ended or LIMIT_RAN_OUT} before it was solved"
    deadline = time.perf_counter() + seconds
    silence_banner()
    sink = HighsSink()
    f = write_model(instance, sink, replacement_caps=False)
    horizon = instance.horizon
    fixed: dict[Any, float] = {}
    for (o, s), var in f.starts.items():
        if s < horizon:
            fixed[var] = round(solution.starts.get((o, s), 0.0))
    for (o, t), var in f.running.items():
        started = range(instance.offers[o].first_start, t + 1)
        fixed[var] = sum(round(solution.starts.get((o, s), 0.0)) for s in started)
    for (o, s), var in f.binaries.items():
        if s < horizon:  # the tail's flags are the tail's (its minimum contracts)
            fixed[var] = 1.0 if fixed.get(f.starts[(o, s)], 0.0) > 0 else 0.0

    for var, value in fixed.items():
        sink.lower[var] = sink.upper[var] = value
    for (_o, s), var in f.starts.items():
        if s >= horizon:
            sink.integer[var] = 1
    # Renewals are the tail's too: chosen again, in whole units (a renewal may replace the
    # fraction of a unit the valuation bought, where a whole one would break a limit).
    for var in (*f.not_renewed.values(), *f.held_not_renewed.values()):
        sink.integer[var] = 1
    if instance.replicas == "whole":
        for (_o, _w, t), var in f.serve.items():
            if t >= horizon:
                sink.integer[var] = 1
    left = deadline - time.perf_counter()
    if left <= 0.0:
        return f"{ended or LIMIT_RAN_OUT} while its model was built"
    h = sink.highs(left, 1e-6, SOLVER_THREADS)
    h.run()
    info = h.getInfo()
    if info.primal_solution_status != FEASIBLE_SOLUTION:
        return _missing(h.getModelStatus(), left)
    found, bound = float(info.objective_function_value), float(info.mip_dual_bound)
    unproven = _unproven(h.getModelStatus(), found, bound, left, instance.currency)
    if unproven:
        return unproven
    whole = Solution(
        status="optimal", solver="HiGHS", seconds=0.0, achieved_gap=None, objective=None
    )
    values = list(h.getSolution().col_value)
    read_values(f, False, whole, values.__getitem__)
    return whole


_KEPT = 8
"""Results kept: a plan asks for its own assembler's a few times (the tail, its warning, a
scenario plan's outcomes) while it is assembled."""
_RESULTS: OrderedDict[int, tuple[Assembler, WholeTail | None]] = OrderedDict()
_LOCK = threading.Lock()


def whole_tail_result(
    assembler: Assembler, seconds: float = SECONDS, ended: str = ""
) -> WholeTail | None:
    """What `assembler`'s tail costs with its month-to-month buying in whole units, the
    horizon's contracts as they are (`whole_tail`); None when the tail is whole already (or
    none, or costs no more whole). Kept per assembler: the first ask sets the solve's time
    limit (the plan's, within what its clock has left: `Clock.within`; 0 once it is up, and
    `ended` says why), and the later ones (its warning, a scenario plan's outcomes) read that
    result, whatever `seconds` they give."""
    with _LOCK:
        kept = _RESULTS.get(id(assembler))
    if kept is not None and kept[0] is assembler:
        return kept[1]
    result = _solved(assembler, seconds, ended)
    with _LOCK:
        _RESULTS[id(assembler)] = (assembler, result)
        while len(_RESULTS) > _KEPT:
            _RESULTS.popitem(last=False)
    return result


def _solved(assembler: Assembler, seconds: float, ended: str) -> WholeTail | None:
    tail = assembler.tail()
    if tail is None:
        return None
    whole = whole_tail(assembler.instance, assembler.solution, seconds, ended)
    if whole is None:
        return None
    if isinstance(whole, str):
        return WholeTail(None, whole)
    cost = Assembler(assembler.instance, whole).tail()
    return WholeTail(cost.cost) if cost is not None and cost.cost > tail.cost + 0.005 else None


def whole_tail_cost(
    assembler: Assembler, seconds: float = SECONDS, ended: str = ""
) -> float | None:
    """`whole_tail_result`'s cost: None when the tail is whole already (or none), or whole
    units cannot serve it within the limits (or `seconds`)."""
    result = whole_tail_result(assembler, seconds, ended)
    return result.cost if result is not None else None
