"""Rounding cuts on the demand rows of whole replicas: valid inequalities (mixed-integer
rounding of each row, scaled by one over a block's share of the month) that cut off the
relaxation's fractions of a block, and lift its bound where blocks are large (racks). They
are kept beside the model, not in it, and added to relaxations only: the seeding's
(`optimizer.incumbent`; in its fixed MILP they made the starts worse) and the fleet search's
boxes (`optimizer.fleet_search`). In the MILP itself HiGHS 1.16 spent 120 s past its time
limit in its root conflict analysis (availability 100x36x20, bench/solve.py)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from optimizer.model import Formulation

__all__ = [
    "CUTS_PER_ROW",
    "MIN_WHOLE_BLOCKS",
    "SEPARATED_MULTIPLES",
    "Cut",
    "CutArrays",
    "add_cut_arrays",
    "add_rounding_cuts",
    "add_separated",
    "cut_arrays",
    "cut_rows",
    "demand_cuts",
    "demand_multiples",
    "rounded_row",
    "separated_cuts",
]

Cut = tuple[list[tuple[Any, float]], float]
"""A cut `sum(coefficient * variable) >= rhs`, its variables the sink's handles."""

CUTS_PER_ROW = 4
"""Scalings tried per demand row: one per block share, the largest shares first (the coarsest
blocks round the most)."""

MIN_WHOLE_BLOCKS = 2_000
"""Models with fewer integer blocks get no cuts: they are solved without a seeding
(`optimizer.incumbent.SEED_MIN_INTEGERS`), and as rows of the MILP the cuts doubled the CPU
time of the power-capped example (bench/solve.py). The synthetic 100x36x20 catalogs have
10,000 to 70,000 blocks; the shipped 3x12 forecast 468."""

FRACTION = 1e-6
"""A scaled right-hand side this close to a whole number gives no cut (nothing to round)."""


def rounded_row(
    terms: list[tuple[Any, float, bool]], scale: float
) -> tuple[list[tuple[Any, float]], float] | None:
    """The mixed-integer rounding of `sum(coefficient * x) >= 1` scaled by `scale`, with x >= 0
    (integer where the term says so): with b = scale and f its fraction, each integer term
    gets floor(c) + min(frac(c), f) / f of its scaled coefficient c, each continuous one
    c / f, and the right-hand side is ceil(b). Every x meeting the row meets it; None when f
    is too close to 0 or 1 to cut anything."""
    fraction = scale - math.floor(scale)
    if fraction < FRACTION or fraction > 1.0 - FRACTION:
        return None
    pairs: list[tuple[Any, float]] = []
    for var, coefficient, integer in terms:
        c = coefficient * scale
        if integer:
            whole = math.floor(c)
            pairs.append((var, whole + min(c - whole, fraction) / fraction))
        else:
            pairs.append((var, c / fraction))
    return pairs, float(math.ceil(scale))


def add_rounding_cuts(f: Formulation) -> None:
    """Into `f.cuts`: `demand_cuts(f)`, for the integer model of whole replicas of
    `MIN_WHOLE_BLOCKS` blocks or more only."""
    if f.relax or f.instance.replicas != "whole" or len(f.whole_serve) < MIN_WHOLE_BLOCKS:
        return
    f.cuts.extend(demand_cuts(f))


def demand_cuts(f: Formulation) -> list[Cut]:
    """For each demand row of the horizon with whole blocks, its rounding (`rounded_row`)
    scaled by one over each of its `CUTS_PER_ROW` largest block shares below one."""
    cuts: list[Cut] = []
    for (_w, t), terms in f.demand_terms.items():
        if t >= f.instance.horizon:
            continue  # the tail's blocks: whole only with whole replicas (not cut here)
        shares = sorted(
            {c for _var, c, integer in terms if integer and 0.0 < c < 1.0}, reverse=True
        )
        for share in shares[:CUTS_PER_ROW]:
            cut = rounded_row(terms, 1.0 / share)
            if cut is not None:
                cuts.append(cut)
    return cuts


def demand_multiples(f: Formulation, most: int, least: int = 2) -> list[Cut]:
    """For each demand row of the horizon with whole blocks, its rounding (`rounded_row`)
    scaled by m over its largest block share below one, for m from `least` to `most` (every
    positive scaling's rounding is valid; `demand_cuts` has m = 1)."""
    cuts: list[Cut] = []
    for (_w, t), terms in f.demand_terms.items():
        if t >= f.instance.horizon:
            continue  # the tail's blocks: whole only with whole replicas (not cut here)
        shares = [c for _var, c, integer in terms if integer and 0.0 < c < 1.0]
        if not shares:
            continue
        largest = max(shares)
        for m in range(least, most + 1):
            cut = rounded_row(terms, m / largest)
            if cut is not None:
                cuts.append(cut)
    return cuts


SEPARATED_MULTIPLES = 16
"""Scalings `separated_cuts` tries per demand row: k over each of its whole block shares below
one, for k from 1 to this (every positive scaling's rounding is valid). The seeding's relaxation
of clones 100x36x20 (409.28 M with `demand_cuts`) reached 410.83 M at 6, 410.93 M at 30 (five
rounds each; bench/solve.py, round of bound28)."""

VIOLATED = 1e-6
"""How far (a share of its right-hand side) a relaxation's values must fall short of a cut for
`separated_cuts` to give it."""


def separated_cuts(
    f: Formulation, value: Callable[[Any], float], most: int = SEPARATED_MULTIPLES
) -> list[Cut]:
    """For each demand row of the horizon with whole blocks, its rounding (`rounded_row`) at
    the scaling k / share (each whole block share below one, k from 1 to `most`) that the
    relaxation's values (`value` of a variable) break by the largest share of its right-hand
    side, when one breaks it by more than `VIOLATED`: the cuts a round of separation adds."""
    cuts: list[Cut] = []
    ks = np.arange(1, most + 1, dtype=np.float64)
    for (_w, t), terms in f.demand_terms.items():
        if t >= f.instance.horizon:
            continue  # the tail's blocks: whole only with whole replicas (not cut here)
        shares = np.array(sorted({c for _var, c, whole in terms if whole and 0.0 < c < 1.0}))
        if not len(shares):
            continue
        x = np.array([value(var) for var, _c, _whole in terms], dtype=np.float64)
        # A term at 0 adds nothing to any rounding's left-hand side: a relaxation's values
        # are sparse (curves 100x36x20: 96 terms a row, 63 shares, a few terms non-zero).
        at = np.flatnonzero(x)
        coefficient = np.array([terms[i][1] for i in at], dtype=np.float64)
        whole = np.array([terms[i][2] for i in at], dtype=bool)
        x = x[at]
        scales = np.unique(np.outer(ks, 1.0 / shares).ravel())
        fraction = scales - np.floor(scales)
        scales = scales[(fraction >= FRACTION) & (fraction <= 1.0 - FRACTION)]
        if not len(scales):
            continue
        fraction = (scales - np.floor(scales))[:, None]
        scaled = np.outer(scales, coefficient)
        floor = np.floor(scaled)
        rounded = np.where(whole, floor + np.minimum(scaled - floor, fraction) / fraction, 0.0)
        rounded += np.where(whole, 0.0, scaled / fraction)
        rhs = np.ceil(scales)
        short = (rhs - rounded @ x) / rhs
        best = int(np.argmax(short))
        if short[best] > VIOLATED:
            cut = rounded_row(terms, float(scales[best]))
            if cut is not None:
                cuts.append(cut)
    return cuts


CutArrays = tuple[int, Any, Any, Any, Any, Any]
"""Cuts as HiGHS's `addRows` takes them (`cut_arrays`): their count, lower and upper
bounds, starts, columns and coefficients."""


def cut_arrays(cuts: list[Cut], column: Callable[[Any], int]) -> CutArrays:
    """`cuts` as rows for HiGHS's `addRows`, `column` giving a variable's column there (a
    search adding the same cuts to several of its models reads them once)."""
    index = np.array([column(var) for pairs, _rhs in cuts for var, _c in pairs], dtype=np.int32)
    value = np.array([c for pairs, _rhs in cuts for _var, c in pairs], dtype=np.float64)
    starts = np.cumsum([0] + [len(pairs) for pairs, _rhs in cuts[:-1]], dtype=np.int32)
    lower = np.array([rhs for _pairs, rhs in cuts], dtype=np.float64)
    upper = np.full(len(cuts), np.inf)
    return len(cuts), lower, upper, starts, index, value


def add_cut_arrays(h: Any, rows: CutArrays) -> None:
    """The rows of `cut_arrays` added to HiGHS `h`, in one call."""
    count, lower, upper, starts, index, value = rows
    if count:
        h.addRows(count, lower, upper, len(index), starts, index, value)


def cut_rows(h: Any, cuts: list[Cut], column: Callable[[Any], int]) -> None:
    """Add `cuts` as rows of HiGHS `h`, `column` giving a variable's column there: one call
    (a call a row took 1.2 s for caps 100x36x20's 2,756 cuts on a loaded machine)."""
    if not cuts:
        return
    add_cut_arrays(h, cut_arrays(cuts, column))


def add_separated(h: Any, f: Formulation, column: Callable[[Any], int]) -> bool:
    """Add to `h` (a relaxation of `f`'s model, solved; `column` giving a variable's column
    there) the cuts its values break (`separated_cuts`); whether it added any."""
    values = h.getSolution().col_value
    cuts = separated_cuts(f, lambda var: float(values[column(var)]))
    cut_rows(h, cuts, column)
    return bool(cuts)
