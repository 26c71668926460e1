"""Starts for a sensitivity run's re-solves: every plan a re-solve found, kept by its columns'
names, and handed to the next re-solve whose model it is feasible in (the cheapest such at
that model's costs). Between price trials only the objective changes, so every plan found so
far is feasible; a demand trial or a forced offer may rule some out, which the check here
finds before HiGHS is asked.

A start is only an incumbent: HiGHS still proves the optimum from its own bound, and
`optimizer.direct` checks that the plan it returns costs what it reports (HiGHS 1.16 can
score a start without its presolve's objective offset)."""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance

__all__ = ["Retime", "Starts", "fits", "like_offers", "offer_of"]

FEASIBLE = 1e-6
"""Slack, relative to a row's or a bound's size (at least 1), within which a start is feasible:
HiGHS's own MIP feasibility tolerance."""
SWAPPED = 4
"""Plans found so far (the cheapest) whose units are moved between offers for a forced re-solve."""
MAX_CHECKS = 64
"""Candidate starts checked for feasibility, cheapest first, before a re-solve goes without."""
WHOLE = 1e-6
"""Distance from a whole number within which an integer column's value is whole."""


def _slacked(lower: Any, upper: Any) -> tuple[Any, Any]:
    """`lower` and `upper` widened by HiGHS's feasibility tolerance (`FEASIBLE`, relative to
    each bound's size, at least 1; an infinite bound stays infinite): what `_within` checks."""
    slack_low = FEASIBLE * np.maximum(1.0, np.abs(np.where(np.isfinite(lower), lower, 0.0)))
    slack_up = FEASIBLE * np.maximum(1.0, np.abs(np.where(np.isfinite(upper), upper, 0.0)))
    return lower - slack_low, upper + slack_up


def _within(values: Any, slacked: tuple[Any, Any]) -> bool:
    """Whether `values` lie within bounds widened by `_slacked` (the arrays' own `all`: numpy's
    function wraps it in Python, twice the time on a model of the seed's size)."""
    low, high = slacked
    return bool((values >= low).all() and (values <= high).all())


class _Arrays:
    """One model's arrays, to evaluate candidate starts against it."""

    def __init__(self, sink: HighsSink) -> None:
        self.position = {name: j for j, name in enumerate(sink.names)}
        self.cost = np.array(sink.cost)
        self.costs = [float(c) for c in sink.cost]
        self.lower, self.upper = np.array(sink.lower), np.array(sink.upper)
        self.integer = np.array(sink.integer, dtype=bool)
        starts = np.array(sink.starts)
        self.rows = np.repeat(np.arange(len(sink.row_lower)), np.diff(starts))
        self.index, self.value = np.array(sink.index, dtype=np.int64), np.array(sink.value)
        self.row_lower, self.row_upper = np.array(sink.row_lower), np.array(sink.row_upper)
        self.offers = frozenset(o for name in sink.names if (o := offer_of(name)) is not None)
        """The GPU offers with columns in the model."""

    def read_anew(self, sink: HighsSink, first: int, cost: bool) -> _Arrays:
        """These arrays with `sink`'s rows from row `first` on added and, with `cost`, its
        costs read (the rest of `sink`, its columns' names, bounds and kinds and its earlier
        rows, being these arrays' own): the arrays `_Arrays(sink)` makes, element for
        element."""
        made = copy.copy(self)  # the other arrays shared: none is written to
        if cost:
            made.cost, made.costs = np.array(sink.cost), [float(c) for c in sink.cost]
        if first == len(sink.row_lower):
            return made
        begin, end = sink.starts[first], sink.starts[-1]
        counts = np.diff(np.array(sink.starts[first:]))
        added = np.repeat(np.arange(first, len(sink.row_lower)), counts)
        made.rows = np.concatenate((self.rows, added))
        made.index = np.concatenate((self.index, np.array(sink.index[begin:end], dtype=np.int64)))
        made.value = np.concatenate((self.value, np.array(sink.value[begin:end], dtype=float)))
        lower, upper = np.array(sink.row_lower[first:]), np.array(sink.row_upper[first:])
        made.row_lower = np.concatenate((self.row_lower, lower))
        made.row_upper = np.concatenate((self.row_upper, upper))
        # Widened row by row: these rows' widened bounds, then the added ones'.
        made.__dict__["row_bounds"] = tuple(
            np.concatenate((kept, more))
            for kept, more in zip(self.row_bounds, _slacked(lower, upper), strict=True)
        )
        return made

    @functools.cached_property
    def bounds(self) -> tuple[Any, Any]:
        """The columns' bounds as `_within` checks them: widened once, not for each candidate
        checked (several a call)."""
        return _slacked(self.lower, self.upper)

    @functools.cached_property
    def row_bounds(self) -> tuple[Any, Any]:
        """The rows' bounds as `_within` checks them (see `bounds`)."""
        return _slacked(self.row_lower, self.row_upper)

    def cost_within(self, plan: dict[str, float]) -> float:
        """What `plan`'s columns that this model has cost in it (all of its cost when it
        fits): an order in which to try plans, not a plan's cost."""
        cost, position = self.costs, self.position  # floats: numpy's scalars cost 3x more
        return float(
            sum(cost[j] * v for name, v in plan.items() if (j := position.get(name)) is not None)
        )

    def columns(self, plan: dict[str, float]) -> Any:
        """`plan` as this model's column values; None when it uses a column the model lacks."""
        x = np.zeros(len(self.cost))
        for name, value in plan.items():
            j = self.position.get(name)
            if j is None:
                return None
            x[j] = value
        return x

    def scaled(self, x: Any, scale: float) -> Any:
        """`x` times `scale`, its integer columns rounded up, within the columns' bounds."""
        y = x * scale
        y[self.integer] = np.ceil(y[self.integer] - WHOLE)
        return self.within(y)

    def within(self, x: Any) -> Any:
        """`x` held within the columns' bounds."""
        return np.minimum(np.maximum(x, self.lower), self.upper)

    def feasible(self, x: Any) -> bool:
        if not _within(x, self.bounds):
            return False
        whole = x[self.integer]
        if (np.abs(whole - whole.round()) > WHOLE).any():
            return False
        activity = np.bincount(
            self.rows, weights=self.value * x[self.index], minlength=len(self.row_lower)
        )
        return _within(activity, self.row_bounds)


_COLUMN_LISTS = ("names", "lower", "upper", "integer")
_ROW_LISTS = ("starts", "index", "value", "row_lower", "row_upper")


def _arrays(sink: HighsSink) -> _Arrays:
    """`_Arrays(sink)`, read from the arrays of the sink it was copied from where `sink` is
    that sink with rows added (a forced row) or costs changed (`optimizer.written_models.
    repriced`), its columns and other rows as they were: a run's guesses, certificates and
    re-solves choose starts in copies of the few models it writes (on the seed example 52
    choices in 9 models written and 22 repriced, the arrays 0.14 ms each afresh; sens26).
    Compared list for list with those the arrays were read from (kept, as read, with them),
    not assumed: a copy's bounds may have moved."""
    origin = sink.origin
    if origin is None:
        return _Arrays(sink)
    derived = origin.derived
    if derived is None:
        read = {name: list(getattr(origin, name)) for name in ("cost", *_COLUMN_LISTS, *_ROW_LISTS)}
        derived = origin.derived = (_Arrays(origin), read)
    arrays: _Arrays = derived[0]
    lists: dict[str, list[Any]] = derived[1]
    first = len(lists["row_lower"])
    size = lists["starts"][-1]
    same = (
        all(getattr(sink, name) == lists[name] for name in _COLUMN_LISTS)
        and len(sink.row_lower) >= first
        and sink.starts[: first + 1] == lists["starts"]
        and sink.index[:size] == lists["index"]
        and sink.value[:size] == lists["value"]
        and sink.row_lower[:first] == lists["row_lower"]
        and sink.row_upper[:first] == lists["row_upper"]
    )
    if not same:
        return _Arrays(sink)
    cost = sink.cost != lists["cost"]
    if not cost and len(sink.row_lower) == first:
        return arrays
    return arrays.read_anew(sink, first, cost)


def fits(sink: HighsSink, plan: dict[str, float]) -> bool:
    """Whether `plan` (column name -> value) is feasible in `sink`'s model, to HiGHS's own
    tolerance: whole where the model's columns are, within their bounds and every row; false
    when it has a column the model lacks."""
    arrays = _Arrays(sink)
    x = arrays.columns(plan)
    return x is not None and arrays.feasible(x)


Retime = Callable[[dict[str, float], int, int], dict[str, float] | None]
"""A plan with one offer's units moved to another (`optimizer.retimed.Retimer.moved`), or
None where it moves nothing that `_moved` does not."""


class Starts:
    """The plans re-solves found (column name -> non-zero value), safe to share between
    threads."""

    def __init__(self) -> None:
        self._plans: list[dict[str, float]] = []
        self._lock = threading.Lock()
        self._moves: dict[tuple[int, int, int], tuple[dict[str, float], dict[str, float]]] = {}
        """`_moved` of a plan (by identity, the plan kept with it) from one offer to another,
        shared by these starts' copies: a run's starts choose the same few moves again and
        again (the seed's: 160 moves, 66 distinct; sens26)."""
        self._holds: dict[int, tuple[dict[str, float], frozenset[int]]] = {}
        """The GPU offers a plan holds units of, kept as `_moves`."""

    def _moved(self, plan: dict[str, float], a: int, b: int) -> dict[str, float]:
        """`_moved(plan, a, b)`, made once for these starts and their copies (`_moves`): not
        to be changed. Plans are never changed once found."""
        found = self._moves.get((id(plan), a, b))
        if found is None or found[0] is not plan:
            found = (plan, _moved(plan, a, b))
            self._moves[(id(plan), a, b)] = found
        return found[1]

    def _held(self, plan: dict[str, float]) -> frozenset[int]:
        """The GPU offers `plan` holds units of, read once (as `_moved`)."""
        found = self._holds.get(id(plan))
        if found is None or found[0] is not plan:
            held = frozenset(o for name in plan if (o := offer_of(name)) is not None)
            found = self._holds[id(plan)] = (plan, held)
        return found[1]

    def copy(self) -> Starts:
        copied = Starts()
        copied._moves, copied._holds = self._moves, self._holds
        with self._lock:
            copied._plans = list(self._plans)
        return copied

    def absorb(self, other: Starts) -> None:
        """Add the plans of `other` these lack, in its order."""
        with other._lock:
            plans = list(other._plans)
        with self._lock:
            self._plans += [plan for plan in plans if plan not in self._plans]

    def snapshot(self) -> tuple[dict[str, float], ...]:
        """The plans found so far, in order (the very dicts: compare them by identity)."""
        with self._lock:
            return tuple(self._plans)

    def add(self, names: list[str], values: list[float]) -> None:
        plan = {name: v for name, v in zip(names, values, strict=True) if v != 0.0}
        with self._lock:
            if plan not in self._plans:
                self._plans.append(plan)

    def cheapest(self, sink: HighsSink, most: int = 1) -> list[dict[str, float]]:
        """The `most` plans found so far that cost least at `sink`'s model's costs (their
        columns that the model has), feasible in it or not: column name -> value."""
        with self._lock:
            plans = list(self._plans)
        arrays = _arrays(sink)
        ranked = sorted((arrays.cost_within(plan), k) for k, plan in enumerate(plans))
        return [plans[k] for _cost, k in ranked[:most]]

    def best(
        self,
        sink: HighsSink,
        bump: tuple[int, ...] = (),
        into: int | None = None,
        out_of: int | None = None,
        scale: float = 1.0,
        like: frozenset[int] = frozenset(),
        retime: Retime | None = None,
    ) -> Any:
        """The column values of the cheapest candidate (see `feasible`), None without one."""
        found = self.feasible(
            sink, bump, into, out_of, most=1, scale=scale, like=like, retime=retime
        )
        return found[0] if found else None

    def feasible(
        self,
        sink: HighsSink,
        bump: tuple[int, ...] = (),
        into: int | None = None,
        out_of: int | None = None,
        most: int = 1,
        scale: float = 1.0,
        like: frozenset[int] = frozenset(),
        retime: Retime | None = None,
    ) -> list[Any]:
        """The column values of the `most` cheapest candidates feasible in `sink`'s model at
        its costs (of at most `MAX_CHECKS` checked, cheapest first). The candidates: every
        plan found so far; with `bump` (a forced offer's columns), each of them with one more
        unit in one of those columns (idle); with `into` (an offer forced in), the `SWAPPED`
        cheapest with another offer's units moved to it; with `out_of` (an offer forced
        out), those with its units moved to another offer; else, those whose units of an
        offer the model lacks (pruned: dominated at its prices) are moved to another; with
        `scale` (the demand scaled by
        it), each plan's columns scaled by it, whole ones rounded up, within their bounds: a
        plan for a demand scaled alike, not the best one (see `optimizer.trials.run_trial`);
        and each plan as it is, within the bounds, which a demand cut leaves feasible where
        the scaling breaks a row that holds units. With `retime` (and `into`), plans holding
        one of `like` are also moved to `into` as `retime` moves them (month by month between
        offers of different terms: `optimizer.retimed`)."""
        with self._lock:
            plans = list(self._plans)
        arrays = _arrays(sink)
        ranked = sorted((arrays.cost_within(plan), k, plan) for k, plan in enumerate(plans))
        variants = [plan for _cost, _k, plan in ranked]
        offers = arrays.offers
        # Moved from the cheapest plans, those whose offers the model lacks included (an
        # offer dominated at its prices is left out of it): moved, they may fit.
        for rank, (_cost, _k, plan) in enumerate(ranked):
            held = self._held(plan)
            if into is not None and retime is not None:
                retimed = (retime(plan, a, into) for a in sorted(held & like - {into}))
                variants += [moved for moved in retimed if moved is not None]
            if rank >= SWAPPED:
                if into is not None:
                    variants += [self._moved(plan, a, into) for a in sorted(held & like - {into})]
                continue
            if into is not None:
                variants += [self._moved(plan, a, into) for a in sorted(held - {into})]
            if out_of is not None and out_of in held:
                variants += [self._moved(plan, out_of, b) for b in sorted(offers - {out_of})]
            for a in sorted(held - offers) if into is None else ():
                # An offer pruned from this model (another dominates it at these prices):
                # its units moved to each offer the model has, the one that dominates it too.
                variants += [self._moved(plan, a, b) for b in sorted(offers)]
        candidates: list[tuple[float, int, Any]] = []
        for x in (arrays.columns(plan) for plan in variants):
            if x is None:
                continue
            if scale != 1.0:
                # Scaled, and as it is within the new bounds: scaling breaks rows that hold
                # units (n = existing + contracts), and a demand cut leaves the plan as it is
                # feasible (probe 15 F2: with no start, a short budget's -10% demand response
                # stored +3.1 M, "not proven", where the plan the run began from costs +0).
                for y in (arrays.scaled(x, scale), arrays.within(x)):
                    candidates.append((float(arrays.cost @ y), len(candidates), y))
                continue
            cost = float(arrays.cost @ x)
            candidates.append((cost, len(candidates), x))
            for j in bump:
                bumped = x.copy()
                bumped[j] += 1.0
                candidates.append((cost + float(arrays.cost[j]), len(candidates), bumped))
        found: list[Any] = []
        for _cost, _n, x in sorted(candidates, key=lambda c: (c[0], c[1]))[:MAX_CHECKS]:
            if arrays.feasible(x):
                found.append(x)
                if len(found) == most:
                    break
        return found


def like_offers(instance: Instance, o: int) -> frozenset[int]:
    """The offers of offer `o`'s accelerator and unit (other vendors', terms or payments): a
    plan that buys one of them, its units moved to `o` (`Starts.feasible`'s `like`), is the
    likeliest plan that buys `o` to cross the plan's line where `o` would, whatever it costs
    at `o`'s price today."""
    spec = instance.offers[o]
    return frozenset(
        other
        for other, each in enumerate(instance.offers)
        if other != o
        and each.system.accelerator == spec.system.accelerator
        and each.gpus_per_unit == spec.gpus_per_unit
    )


OFFER_COLUMNS = ("c", "n", "g", "b")
"""The columns of one GPU offer, named `<kind>_<offer>_...` (`optimizer.model`)."""


@functools.lru_cache(maxsize=1 << 16)
def offer_of(name: str) -> int | None:
    """The GPU offer whose column `name` is (`OFFER_COLUMNS`), None for any other column.
    Cached: a run asks it of the same few hundred names some 16,000 times (the offers each
    plan found holds, for every start chosen)."""
    kind, _, rest = name.partition("_")
    if kind not in OFFER_COLUMNS:
        return None
    return int(rest.partition("_")[0])


def _moved(plan: dict[str, float], a: int, b: int) -> dict[str, float]:
    """`plan` with offer `a`'s units (contracts, active units, serving, minimum flags) moved
    to offer `b`'s columns of the same months, added to what `b` had."""
    moved: dict[str, float] = {}
    of_a = tuple(f"{kind}_{a}_" for kind in OFFER_COLUMNS)
    renewal_of_a = (f"x_{a}_", f"r_{a}_")
    for name, value in plan.items():
        if name.startswith(renewal_of_a):
            continue  # b's units end in other months: renewed whole, as a start may be
        if name.startswith(of_a):  # `offer_of(name) == a`, without parsing every name
            kind, _, rest = name.partition("_")
            name = f"{kind}_{b}_{rest.partition('_')[2]}"
        moved[name] = moved.get(name, 0.0) + value
        if name.startswith("b_"):
            moved[name] = min(1.0, moved[name])
    return moved
