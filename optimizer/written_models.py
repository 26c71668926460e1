"""The models one sensitivity run writes, kept so that a model asked for again is copied, not
written again (`optimizer.trials.forced_model`): on the seed example 74 writes of 44 distinct
models (3.7 ms a write against 0.05 ms a copy), the same plans guessed for an offer before and
in its search, certificates and neighbours on models written before.

Within one run the instances differ only by what its re-solves change: an offer's price
(`with_price`), an API offer's prices, a workload's demand (`with_demand`, new lists), the
offers a re-solve drops (`narrowed`: the rates), and a limit a limit step moves
(`optimizer.limit_sensitivity`); the key is those. A run's `Trials` owns one
`WrittenModels`; no key is shared between runs."""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from optimizer.direct import DirectModel
from optimizer.dominance import Answers
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance

__all__ = ["WrittenModels", "copied", "repriced"]

T = TypeVar("T")

_LISTS = (
    "names",
    "cost",
    "lower",
    "upper",
    "integer",
    "starts",
    "index",
    "value",
    "row_lower",
    "row_upper",
)
"""A `HighsSink`'s lists, each copied: a forced row, fixed bounds or a start change them."""


def _key(instance: Instance) -> tuple[Any, ...]:
    """What tells the instances of one run apart (see the module's docstring). The workloads
    by identity: a demand step's are new lists, every other instance shares the plan's."""
    return (
        id(instance.workloads),
        tuple(sorted(instance.rates)),
        tuple(spec.offer.price_per_gpu_hour for spec in instance.offers),
        tuple(sorted(instance.api_prices.items())),
        _limits(instance),
    )


def _limits(instance: Instance) -> tuple[Any, ...]:
    """The limits a run's limit steps move (`optimizer.limit_sensitivity`)."""
    return (
        tuple((site, tuple(caps)) for site, caps in sorted(instance.power_caps.items())),
        None if instance.total_power_mw is None else tuple(instance.total_power_mw),
        instance.monthly_budget,
        instance.max_vendor_share,
        instance.max_upfront,
        None if instance.max_upfront_by_month is None else tuple(instance.max_upfront_by_month),
        tuple(spec.offer.max_units for spec in instance.offers),
    )


def copied(model: DirectModel) -> DirectModel:
    """A copy of `model` whose sink's lists are its own (the formulation, read only once
    written, is shared)."""
    made = copy.copy(model)
    sink = HighsSink()
    for name in _LISTS:
        setattr(sink, name, list(getattr(model.sink, name)))
    sink.origin = model.sink
    made.sink, made.start, made.values = sink, None, []
    return made


class WrittenModels:
    """The least-cost models (no replacement caps, no tie-break: `forced_model`'s) one run
    has written, by instance (`_key`), safe to share between its threads; and what else the
    run derives from an instance alone, kept by `remembered`."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], tuple[DirectModel, Instance]] = {}
        self._kept: dict[tuple[Any, ...], tuple[Any, Instance]] = {}
        self._lock = threading.Lock()
        self.answers = Answers()
        """Dominance's answers across the run's prunings (`optimizer.dominance.Answers`)."""

    def remembered(self, instance: Instance, what: tuple[Any, ...], make: Callable[[], T]) -> T:
        """What `make` derives from `instance` (and `what`, hashable), made once per run for
        instances alike (`_key`): the offers a re-solve prunes (`optimizer.trials.narrowed`:
        on the seed example 68 prunings of 31 distinct instances). The instance is kept with
        it: its workloads' identity is in the key."""
        key = (_key(instance), *what)
        with self._lock:
            found = self._kept.get(key)
        if found is not None:
            made: T = found[0]
            return made
        made = make()
        with self._lock:
            # Made in two threads at once: both take the first kept (a guess's list is added to).
            kept: T = self._kept.setdefault(key, (made, instance))[0]
        return kept

    def model(self, instance: Instance) -> DirectModel:
        """The model of `instance`, a copy of the one written before when there is one, or
        of one written at another price of one offer, repriced (`repriced`), when no price
        is in a row."""
        key = _key(instance)
        with self._lock:
            found = self._made.get(key)
            near = None if found is not None else self._one_price_apart(key)
        if found is not None:
            return copied(found[0])
        model = None if near is None else repriced(near[0], near[1], instance, near[2])
        if model is None:
            model = DirectModel(instance, replacement_caps=False, ties=False)
        with self._lock:
            # The instance is kept with it: its workloads' identity is in the key.
            self._made.setdefault(key, (copied(model), instance))
        return model

    def _one_price_apart(self, key: tuple[Any, ...]) -> tuple[DirectModel, Instance, int] | None:
        """A model written for an instance that `key`'s differs from in one GPU offer's price
        alone (the same demand, offers kept, API prices and limits), with that instance and
        the offer; None without one. Called holding the lock."""
        for (workloads, rates, prices, api, limits), (model, instance) in self._made.items():
            if (workloads, rates, api, limits) != (key[0], key[1], key[3], key[4]):
                continue
            apart = [o for o, (a, b) in enumerate(zip(prices, key[2], strict=True)) if a != b]
            if len(apart) == 1:
                return model, instance, apart[0]
        return None


REPRICED_COLUMNS = ("c", "n", "g", "b", "x")
"""The columns of one GPU offer whose costs are its new units' month cost times months
(`optimizer.model`: contracts `c`, active units `n`, units not renewed `x`; serving `g` and
flags `b` cost nothing); an existing commitment's own columns (`y_`, `r_h`) keep the price it
was signed at."""
WHOLE_MONTHS = 1e-9
"""Relative distance from a whole number of months within which a cost over the month cost
is taken as those months (and written again as the month cost times them)."""


def repriced(model: DirectModel, was: Instance, instance: Instance, o: int) -> DirectModel | None:
    """A copy of `model` (written for `was`) for `instance`, which differs from `was` in the
    price of offer `o` alone: the columns of `o` (`REPRICED_COLUMNS`) costed at its new month
    cost, the rest as written. None where a price is in a row (a budget, vendor share or
    upfront limit: there the rows and bounds move with the price, and the model is written
    afresh) or a month cost is not finite and positive.

    Why it is the model written afresh: a GPU offer's price enters the least-cost model only in
    its own columns' costs, each its month cost per unit (`OfferSpec.month_cost_per_unit`,
    linear in the price) times a whole number of months (`optimizer.model`: `_add_running`,
    `_add_starts`, `_add_not_renewed`), with no tie-break (`forced_model`'s models). Each cost
    is written again as the new month cost times those months, the very product the writer
    makes (within a unit in the last place where the writer multiplies twice, month cost times
    counted months times a tail block's weight); tests/unit/test_written_models.py compares
    every repriced model of the shipped examples' offers with the model written afresh (its
    formulation's `cost_terms` stay those written: no re-solve reads them, costs are the
    sink's). On the seed example 18 of a run's 32 writes (0.039 of its 0.40 CPU s) were one
    price apart from a model written before."""
    if (
        instance.monthly_budget is not None
        or instance.max_vendor_share is not None
        or instance.max_upfront is not None
        or instance.max_upfront_by_month is not None
    ):
        return None
    old, new = was.offers[o].month_cost_per_unit, instance.offers[o].month_cost_per_unit
    if not (math.isfinite(old) and math.isfinite(new) and old > 0.0 and new > 0.0):
        return None
    made = copied(model)
    made.instance = instance
    made.formulation = copy.copy(model.formulation)
    made.formulation.instance = instance
    cost = made.sink.cost
    columns = tuple(f"{kind}_{o}_" for kind in REPRICED_COLUMNS)
    for j, name in enumerate(made.sink.names):
        if cost[j] == 0.0 or not name.startswith(columns):
            continue
        months = cost[j] / old
        whole = round(months)
        if abs(months - whole) > WHOLE_MONTHS * max(1.0, abs(months)):
            return None  # not a month cost times whole months: written afresh
        cost[j] = new * whole
    return made
