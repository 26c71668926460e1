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
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from optimizer.direct import DirectModel
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance

__all__ = ["WrittenModels", "copied"]

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
            self._kept.setdefault(key, (made, instance))
        return made

    def model(self, instance: Instance) -> DirectModel:
        """The model of `instance`, a copy of the one written before when there is one."""
        key = _key(instance)
        with self._lock:
            found = self._made.get(key)
        if found is not None:
            return copied(found[0])
        model = DirectModel(instance, replacement_caps=False, ties=False)
        with self._lock:
            # The instance is kept with it: its workloads' identity is in the key.
            self._made.setdefault(key, (copied(model), instance))
        return model
