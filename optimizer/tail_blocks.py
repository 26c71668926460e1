"""Tail months solved as one block (DESIGN 8.1): after the horizon the demand, the caps and the
prices hold and no contract starts; a contract that ends there is renewed or not, as the model
chooses (`optimizer.instance.renewed_until`, `Instance.renewal_months`), so the tail's fleet
changes only where one ends. A run of tail months in which nothing changes (a contract ending,
an existing commitment starting, an offer becoming available) is the same month repeated, so the
model gives it one month's columns and rows, its costs weighted by the run's length. Plans read
every month back from its block's first month."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.instance import Instance

__all__ = ["TailBlocks", "every_month", "tail_blocks"]


@dataclass(frozen=True)
class TailBlocks:
    """Which months of the span the model solves, and for how many months each stands."""

    first: tuple[int, ...]
    """The first month of the block of each month of the span (the month itself in the
    horizon and where the tail changes)."""
    weights: dict[int, int]
    """Solved month -> the months it stands for (1 in the horizon), in order: the months with
    columns and rows of their own are its keys."""

    @property
    def solved(self) -> list[int]:
        """The months with columns and rows of their own, in order."""
        return list(self.weights)

    def weight(self, t: int) -> int:
        """Months the solved month `t` stands for (1 in the horizon)."""
        return self.weights[t]


def _changes(instance: Instance, t: int, renewals: set[int]) -> bool:
    """True when tail month `t` differs from month `t - 1` in anything the model sees: an
    existing commitment starts or ends (one signed to start after the horizon), a contract
    ends whose renewal the model chooses (`renewals`: `Instance.renewal_months`), an offer or
    the API market becomes available, or a demand or limit moves (they hold in the tail, but
    a scenario may say otherwise). A contract whose renewal is not a choice (it serves a
    workload whose tail the model leaves out) is renewed whole: it changes nothing."""
    if t == instance.api_first or t in renewals:
        return True
    for spec in instance.offers:
        if spec.first_start == t or spec.existing[t] != spec.existing[t - 1]:
            return True
    limits = [w.required for w in instance.workloads] + [w.average for w in instance.workloads]
    limits += list(instance.power_caps.values())
    if instance.total_power_mw is not None:
        limits.append(instance.total_power_mw)
    return any(values[t] != values[t - 1] for values in limits)


def tail_blocks(instance: Instance) -> TailBlocks:
    """The blocks of `instance`'s span: every horizon month alone; in the tail, a new block
    wherever `_changes` says the month differs from the one before."""
    first: list[int] = []
    renewals = instance.renewal_months()
    for t in range(instance.span):
        if t <= instance.horizon or _changes(instance, t, renewals):
            first.append(t)
        else:
            first.append(first[-1])
    return _blocks(first)


def every_month(instance: Instance) -> TailBlocks:
    """Every month of the span a block of its own (the model without blocks)."""
    return _blocks(list(range(instance.span)))


def _blocks(first: list[int]) -> TailBlocks:
    weights: dict[int, int] = {}
    for head in first:
        weights[head] = weights.get(head, 0) + 1
    return TailBlocks(first=tuple(first), weights=weights)
