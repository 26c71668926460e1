"""Rounding cuts on the demand rows written in whole units, for the fleet search's boxes
(`optimizer.fleet_search`): where a workload is the only one an offer serves in a month and a
unit holds one block of its replicas, the model leaves that block continuous (rounding it up
stays within the whole units, `optimizer.model.formulate`), so the demand rows' own rounding
(`optimizer.rounding_cuts.demand_cuts`) sees no whole count there, and the relaxation buys a
third of a rack a month (the power-capped example at its optimum's fleet: 3.35 on-prem GB300
racks in month 0, where the plan has 4). The capacity row bounds such a block by the offer's
units active that month (`g <= units + existing`), so the demand row with the block replaced by
those units holds for every plan; its mixed-integer rounding
(`optimizer.rounding_cuts.rounded_row`) then rounds the units. The power-capped example's
horizon relaxation at its optimum's fleet: 10,731,208 without them, 11,463,650 with them
(11,422,924 at one scaling per share), against the horizon's MILP there, 11,475,717. The search
keeps them only where they lift its root (`optimizer.fleet_search`)."""

from __future__ import annotations

from typing import Any

from optimizer.model import Formulation
from optimizer.rounding_cuts import CUTS_PER_ROW, Cut, rounded_row

__all__ = ["unit_cuts", "unit_rows"]

MULTIPLES = 5
"""Scalings of a row by its largest whole share: one over that share times 1 to this, each a
cut of its own (every positive scaling's rounding is valid). The power-capped example's
horizon relaxation at the root: 10,661,917 with one scaling per share, 10,836,909 with the
largest's multiples to 5 (at its optimum's fleet 11,422,924 -> 11,463,650), no higher with 8
or 12; its search 75 -> 63 boxes' relaxations."""
ROW_RHS = 1e-9
"""A demand row whose existing units leave less than this of it to cover gives no cut."""


def unit_rows(f: Formulation) -> list[list[tuple[Any, float, bool]]]:
    """The horizon's demand rows of whole replicas with every continuous block that is its
    offer's only block that month (one unit a block) replaced by that offer's units active then
    (the capacity row: the block is at most those units and the existing ones), each as the
    terms (variable, coefficient, integer) of `sum >= 1` (scaled by what the existing units
    leave to cover; a coefficient above 1 on a whole count is 1, as `optimizer.rows.add_demand`
    does); rows where nothing was replaced, or where a term would be negative, are left out."""
    instance = f.instance
    if f.relax or instance.replicas != "whole":
        return []
    blocks: dict[tuple[int, int], int] = {}
    for o, _w, t in f.serve:
        blocks[(o, t)] = blocks.get((o, t), 0) + 1
    integer = {id(var) for var in (*f.running.values(), *f.starts.values())}
    serving = {id(var): key for key, var in f.serve.items()}
    rows: list[list[tuple[Any, float, bool]]] = []
    for (w, t), terms in f.demand_terms.items():
        if t >= instance.horizon:
            continue  # the tail's rows are the tail's MILP's (`optimizer.tail_bound`)
        replaced = False
        covered = 0.0
        sums: dict[int, list[Any]] = {}  # id(variable) -> [variable, coefficient, integer]
        for var, coefficient, whole in terms:
            key = serving.get(id(var))
            if (
                key is not None
                and not whole
                and blocks.get((key[0], t)) == 1
                and f.serve_units[(key[0], w)] == 1.0
            ):
                o = key[0]
                for unit, count in f.covering.get((o, t), []):
                    _add(sums, unit, coefficient * count, id(unit) in integer)
                covered += coefficient * instance.offers[o].existing[t]
                replaced = True
            else:
                _add(sums, var, coefficient, whole)
        rhs = 1.0 - covered
        if not replaced or rhs < ROW_RHS:
            continue
        row = [(var, c / rhs, whole) for var, c, whole in sums.values()]
        if any(c < 0.0 for _var, c, _whole in row):
            continue  # units not renewed (a renewal chosen): no cut of this form
        rows.append([(var, min(1.0, c) if whole else c, whole) for var, c, whole in row])
    return rows


def _add(sums: dict[int, list[Any]], var: Any, coefficient: float, whole: bool) -> None:
    entry = sums.get(id(var))
    if entry is None:
        sums[id(var)] = [var, coefficient, whole]
    else:
        entry[1] += coefficient


def unit_cuts(f: Formulation) -> list[Cut]:
    """The rounding of each of `unit_rows`, scaled by one over each of its `CUTS_PER_ROW`
    largest whole shares below one (as `optimizer.rounding_cuts.demand_cuts`), and by the
    `MULTIPLES` of one over the largest."""
    cuts: list[Cut] = []
    for terms in unit_rows(f):
        shares = sorted({c for _var, c, whole in terms if whole and 0.0 < c < 1.0}, reverse=True)
        scales = [1.0 / share for share in shares[:CUTS_PER_ROW]]
        scales += [m / shares[0] for m in range(2, MULTIPLES + 1)] if shares else []
        for scale in scales:
            cut = rounded_row(terms, scale)
            if cut is not None:
                cuts.append(cut)
    return cuts
