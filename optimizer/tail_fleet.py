"""What the fleet still running after the horizon serves of the demand the tail does not model
(a workload no month-to-month offer serves): the rest of that demand is the tail's shortfall."""

from __future__ import annotations

from typing import Any

import highspy

from optimizer.instance import Instance
from optimizer.solver import SOLVER_THREADS, Solution, silence_banner

__all__ = ["serve_most", "units_used", "unmodelled_tail_shares"]

FULL = 1e-7
"""Relative shortfall below which a workload counts as served in full: HiGHS's feasibility
tolerance, on needs scaled to the largest."""


def _piece(instance: Instance, o: int, w: int) -> tuple[float, float]:
    """(capacity tokens/s, units) of the smallest piece of offer `o` that serves workload `w`:
    a whole block of replicas on its whole units (`whole`, at the utilisation cap), or one
    unit with every GPU at the cap (`fractional`, any share of it)."""
    spec, rate = instance.offers[o], instance.rates[(o, w)]
    units, gpus = instance.block(o, w) if instance.replicas == "whole" else (1, spec.gpus_per_unit)
    return gpus * rate.per_gpu * instance.utilization_cap, float(units)


def units_used(instance: Instance, o: int, w: int, gpus: float) -> float:
    """Units of offer `o` that `gpus` GPUs serving workload `w` take: whole replica blocks
    (a unit's GPUs no replica fits stay with it), or GPUs at the utilisation cap."""
    if instance.replicas == "whole":
        units, block = instance.block(o, w)
        return gpus / block * units
    return gpus / (instance.utilization_cap * instance.offers[o].gpus_per_unit)


WHOLE = 1e-6
"""Units this close above a whole number of pieces still make one more (the solver's and
the subtraction's tolerance)."""


def serve_most(
    free: dict[int, float],
    speed: dict[tuple[int, int], float],
    need: dict[int, float],
    size: dict[tuple[int, int], float] | None = None,
) -> dict[int, float]:
    """Workload -> tokens/s served when `free` units of each offer are shared out among the
    workloads so as to serve the most: a piece of offer `o` given to workload `w` serves
    `speed[(o, w)]`, and a workload's tokens beyond its `need` serve nothing. Without `size`,
    a piece is one unit and may be split (an LP); with it, a piece takes `size[(o, w)]`
    units and is given whole (a small MILP: whole replicas, so 7 units of 5-unit blocks serve
    one block, not 1.4). Solved by HiGHS. Probe 7 finding 7: handing the fastest units to each
    workload in turn left r1 5.1% short where a split serving everything existed."""
    pairs = sorted(k for k in speed if free.get(k[0], 0.0) > 1e-12 and need.get(k[1], 0.0) > 0)
    served = dict.fromkeys(need, 0.0)
    if not pairs:
        return served
    inf = highspy.kHighsInf
    silence_banner()
    make: Any = highspy.Highs  # untyped in highspy's stubs
    h = make()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", SOLVER_THREADS)  # HiGHS refuses a second size per process
    h.setOptionValue("mip_rel_gap", 0.0)
    scale = max(need.values())  # tokens/s in shares of the largest need: a well-scaled model
    wanted = sorted({w for _, w in pairs})
    # Columns: the pieces of each pair, then each workload's tokens/s served (to its need).
    h.addVars(len(pairs), [0.0] * len(pairs), [inf] * len(pairs))
    h.addVars(len(wanted), [0.0] * len(wanted), [need[w] / scale for w in wanted])
    served_column = {w: len(pairs) + i for i, w in enumerate(wanted)}
    h.changeColsCost(len(wanted), list(served_column.values()), [-1.0] * len(wanted))
    if size is not None:
        whole: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
        h.changeColsIntegrality(len(pairs), list(range(len(pairs))), [whole] * len(pairs))
    for o in sorted({o for o, _ in pairs}):
        columns = [i for i, k in enumerate(pairs) if k[0] == o]
        units = [1.0 if size is None else size[pairs[i]] for i in columns]
        room = max(0.0, free[o]) + (WHOLE if size is not None else 0.0)
        h.addRow(-inf, room, len(columns), columns, units)
    for w in wanted:
        columns = [i for i, k in enumerate(pairs) if k[1] == w]
        rates = [-speed[pairs[i]] / scale for i in columns]
        h.addRow(-inf, 0.0, len(columns) + 1, [served_column[w], *columns], [1.0, *rates])
    h.run()
    values = h.getSolution().col_value
    for w, column in served_column.items():
        served[w] = max(0.0, values[column]) * scale
    # Within the solver's tolerance of a need is the need (not 1e-16 of it short).
    return {w: need[w] if s >= need[w] * (1 - FULL) else s for w, s in served.items()}


def unmodelled_tail_shares(
    instance: Instance, solution: Solution, units: dict[tuple[int, int], float]
) -> dict[tuple[int, int], float]:
    """(workload, tail month) -> the share of the continued demand served, for each workload
    whose tail demand the model leaves out (`Instance.tail_served`). The contracts signed in
    the horizon, and existing units, run on into the tail: what they have left after serving
    the modelled workloads is shared out among these workloads to serve the most
    (`serve_most`; `units`: the active units of each (offer, month) of the span). A month they
    cannot serve in full is a tail shortfall; after every contract has ended, the share is 0.
    With whole replicas the units go out in whole replica blocks, one workload to a unit."""
    modelled = instance.tail_served()
    left = [w for w in range(len(instance.workloads)) if w not in modelled]
    shares: dict[tuple[int, int], float] = {}
    if not instance.tail or not left:
        return shares
    free_by_month: dict[int, dict[int, float]] = {}
    for (o, t), n in units.items():
        if t >= instance.horizon and n > 1e-9:
            free_by_month.setdefault(t, {})[o] = n
    for (o, w, t), gpus in solution.serve.items():
        free = free_by_month.get(t, {})
        if o in free:
            free[o] -= units_used(instance, o, w, gpus)
    pieces = {(o, w): _piece(instance, o, w) for o, w in instance.rates if w in left}
    speed = {k: tokens for k, (tokens, _units) in pieces.items()}
    # Whole replicas: a block is given whole, on its whole units (DESIGN section 8.1).
    size = {k: units for k, (_tokens, units) in pieces.items()}
    solved: dict[tuple[Any, ...], dict[int, float]] = {}  # tail months repeat: solve each once
    for t in range(instance.horizon, instance.span):
        free = {o: n for o, n in sorted(free_by_month.get(t, {}).items()) if n > 1e-9}
        need = {w: instance.workloads[w].required[t] for w in left}
        key = (tuple(free.items()), tuple(need.items()))
        if key not in solved:
            solved[key] = serve_most(
                free, speed, need, size if instance.replicas == "whole" else None
            )
        for w in left:
            shares[(w, t)] = 1.0 if need[w] <= 0 else min(1.0, solved[key][w] / need[w])
    return shares
