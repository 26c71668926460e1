"""The offers' own limits checked by re-solving (`optimizer.checked_marginals`): each offer's
`max_units` one unit up and down in every month's row at once, and `max_vendor_share` 0.01
up and down, built and solved again; listed where a step costs or saves, the dual 0 or not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from optimizer.assembly import clean
from optimizer.limit_marginals import BINDING
from optimizer.marginal_steps import TOLERANCE, Budget, Resolver, share_costs, tight
from optimizer.plan import ShareMarginal, UnitMarginal
from optimizer.solver import Model
from optimizer.step_figures import LIMIT_WORDS, Said, figures_of, split

__all__ = ["check_availability", "check_share"]


def _reached(
    model: Model,
    o: int,
    keys: Sequence[tuple[int, int]],
    rows: Sequence[Any],
    held: dict[tuple[int, int], float] | None,
) -> list[UnitMarginal]:
    """Offer `o`'s months (the tail's together) whose `max_units` row the relaxation reaches
    (every month with a row, where it reaches none), as figures of 0 to be filled in."""
    instance = model.instance
    spec = instance.offers[o]
    reached = [t for (_o, t), row in zip(keys, rows, strict=True) if tight(row, 1.0)]
    by_month: dict[str, list[int]] = {}
    for t in reached or [t for _o, t in keys]:
        label = instance.months[t] if t < instance.horizon else "tail"
        by_month.setdefault(label, []).append(t)
    out = []
    for label, months in by_month.items():
        if label == "tail":
            months = list(range(instance.horizon, instance.span))
        in_plan = None if held is None else clean(max(held.get((o, t), 0.0) for t in months))
        out.append(
            UnitMarginal(
                offer_id=spec.id,
                month=label,
                per_unit_month=0.0,
                max_units=spec.offer.max_units,
                units_in_plan=in_plan,
            )
        )
    return out


def check_availability(
    resolver: Resolver,
    items: Sequence[UnitMarginal],
    said: Said,
    held: dict[tuple[int, int], float] | None,
) -> list[UnitMarginal]:
    """One more (and one fewer) unit of each offer's `max_units`, in every month's row at once;
    the per-month figures split the step in the relaxation's proportions. Offers whose rows
    are tight with no dual are checked too, and listed where a step costs or saves."""
    instance = resolver.model.instance
    f = resolver.model.formulation
    listed: dict[str, list[UnitMarginal]] = {}
    for item in items:
        listed.setdefault(item.offer_id, []).append(item)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    order = [index[offer_id] for offer_id in listed]
    order += sorted({o for o, _t in f.unit_rows} - set(order))
    out: list[UnitMarginal] = []
    for o in order:
        spec = instance.offers[o]
        keys = sorted(key for key in f.unit_rows if key[0] == o)
        rows = [f.unit_rows[key] for key in keys]
        months = listed.get(spec.id, [])
        if not months and not any(tight(row, 1.0) for row in rows):
            continue
        room = [float(row.getUb()) for row in rows]
        limit = spec.offer.max_units or 0
        down = [max(0.0, r - 1.0) for r in room] if limit >= 1 else None
        sides = resolver.sides(rows, [r + 1.0 for r in room], down)
        total = sum(m.per_unit_month for m in months)
        name = f"max_units of {spec.id} (per unit)"
        figures = figures_of(total, sides, False, name, LIMIT_WORDS, said)
        if total <= BINDING:
            if max(figures.up, figures.down or 0.0) <= BINDING:
                continue
            # A breakpoint where the relaxation's dual is 0: the limit binds all the same
            # (one unit fewer costs), listed over the months it is reached in.
            months = _reached(resolver.model, o, keys, rows, held)
            total = float(len(months))
            months = [msgspec.structs.replace(m, per_unit_month=1.0) for m in months]
        parts = [m.per_unit_month for m in months]
        out += [
            msgspec.structs.replace(m, per_unit_month=part.up, step_down_per_unit_month=part.down)
            for m, part in zip(months, split(total, parts, figures), strict=True)
        ]
    return out


def check_share(
    resolver: Resolver, items: Sequence[ShareMarginal], clock: Budget, gap: float, said: Said
) -> list[ShareMarginal]:
    """`max_vendor_share` 0.01 higher and lower, built and solved again; the per-vendor, per-
    month figures split the step in the relaxation's proportions."""
    instance = resolver.model.instance
    share = instance.max_vendor_share
    if share is None or not resolver.model.formulation.share_rows:
        return list(items)
    sides = share_costs(resolver.model, share, clock, gap, resolver.base)
    if sides.up is None or sides.down is None:
        resolver.unsolved += int(sides.up is None) + int(sides.down is None and share > 0.01)
    total = sum(m.per_share_point for m in items)
    name = f"max_vendor_share {share:g} (per 0.01)"
    figures = figures_of(total, sides, False, name, LIMIT_WORDS, said)
    if total <= BINDING:
        if max(figures.up, figures.down or 0.0) <= BINDING or share >= 1.0:
            return []  # a share of 1 is no rule (DESIGN 8.1): its step down is in the note
        # A breakpoint where the relaxation's duals are 0: listed over the vendor-months
        # whose rows it reaches.
        items = _share_reached(resolver.model)
        total = float(len(items))
    parts = [m.per_share_point for m in items]
    return [
        msgspec.structs.replace(m, per_share_point=part.up, step_down_per_share_point=part.down)
        for m, part in zip(items, split(total, parts, figures), strict=True)
    ]


def _share_reached(model: Model) -> list[ShareMarginal]:
    """The vendor-months whose share row the relaxation reaches (to half a cent of run-rate),
    each a part of 1 to be filled in."""
    instance = model.instance
    rows = model.formulation.share_rows
    reached = [key for key, row in sorted(rows.items()) if float(row.slack or 0.0) < TOLERANCE]
    return [
        ShareMarginal(vendor=vendor, month=instance.months[t], per_share_point=1.0)
        for vendor, t in reached or sorted(rows)
    ]
