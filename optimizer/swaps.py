"""A start for a forced re-solve that no plan found so far fits, made by swapping one offer of
the cheapest plan found for another: in the forced model, the offer swapped out at 0, the one
swapped in free, every other offer's whole units fixed at the plan's, the rest solved by HiGHS
(a small MIP: one offer's whole units are free; about 0.005 CPU s on the seed example). Plans
found so far are moved unit for unit (`optimizer.starts`), which an offer of another
throughput or term does not fit: onprem-gb300 forced out on the seed example had no start and
took 0.26 CPU s, 0.13 from the swap to nscale-gb300-reserved. A start, not an optimum: the
forced re-solve proves its own optimum; the plan is kept with the others found."""

from __future__ import annotations

from collections.abc import Callable

from optimizer.direct import DirectModel, solve_direct
from optimizer.instance import Instance
from optimizer.run_budget import Limit, seconds
from optimizer.starts import Starts, offer_of
from optimizer.trials import Force, Lever, forced_model, start_for
from optimizer.written_models import WrittenModels

__all__ = ["add_swap", "swap_pairs"]


def swap_pairs(
    instance: Instance, force: tuple[Lever, Force], held: set[int], offers: set[int]
) -> list[tuple[int, int]]:
    """The swaps (offer out, offer in) worth trying for `force` from a plan holding the
    offers `held`, in a model of `offers`: forced in, each held offer for the lever's;
    forced out (when held), the lever's for each other offer. Those of the lever's
    accelerator first (alike but for price, term or throughput: most likely to fit)."""
    lever, how = force
    o = lever.index
    if how == "in":
        pairs, other = [(out, o) for out in sorted(held - {o})], 0
    elif o in held:
        pairs, other = [(o, into) for into in sorted(offers - {o})], 1
    else:
        return []
    accelerator = instance.offers[o].system.accelerator
    return sorted(pairs, key=lambda p: instance.offers[p[other]].system.accelerator != accelerator)


def _swapped(model: DirectModel, plan: dict[str, float], out: int, into: int) -> None:
    """Bound `model`'s columns for the swap of `out` for `into` in `plan`."""
    sink = model.sink
    for j, name in enumerate(sink.names):
        o = offer_of(name)
        if o == into:
            continue
        if o == out:
            sink.lower[j] = sink.upper[j] = 0.0
        elif sink.integer[j]:
            sink.lower[j] = sink.upper[j] = float(round(plan.get(name, 0.0)))
            sink.integer[j] = 0  # fixed: no branching, and no LP-based seeding


def add_swap(
    instance: Instance,
    force: tuple[Lever, Force],
    starts: Starts,
    time_limit: Limit,
    on_run: Callable[[], None],
    models: WrittenModels | None = None,
) -> bool:
    """Add to `starts` the first plan a swap (`swap_pairs`) of the cheapest plan of `starts`
    makes for `instance`'s model with `force` (see the module's docstring), when a GPU offer
    is forced and no plan of `starts` fits that model already; `on_run` hears each solver
    run. True when a plan was added."""
    lever = force[0]
    made = forced_model(instance, force, models) if lever.kind == "gpu" else None
    if made is None or start_for(made[0], starts, force, made[1]) is not None:
        return False
    plans = starts.cheapest(made[0].sink, most=1)
    if not plans:
        return False
    plan = plans[0]
    held = {o for name in plan if (o := offer_of(name)) is not None}
    offers = {o for name in made[0].sink.names if (o := offer_of(name)) is not None}
    for k, (out, into) in enumerate(swap_pairs(instance, force, held, offers)):
        again = made if k == 0 else forced_model(instance, force, models)
        assert again is not None  # as `made`
        model = again[0]
        _swapped(model, plan, out, into)
        limit = seconds(time_limit)  # before `on_run`: a run not started is not counted
        on_run()
        solution = solve_direct(model, time_limit=limit, gap=0.0)
        if solution.status in ("optimal", "feasible"):
            starts.add(model.sink.names, model.values)
            return True
    return False
