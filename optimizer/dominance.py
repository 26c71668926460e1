"""Dominance pruning: offers another offer can replace in any plan at no higher cost, power or
risk are left out of the search (DESIGN section 3: formulation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from catalog.model import slugify
from optimizer.instance import Instance, OfferSpec
from optimizer.replacement import replaces_block_for_block
from optimizer.upfront_rows import upfront_per_unit

__all__ = [
    "Answers",
    "dominates",
    "interchangeable",
    "prune_dominated",
    "served_by",
    "tie_order",
]


class _Offer(NamedTuple):
    """What `_interchangeable` reads of an offer alone: its term, first start, whether it
    holds existing units and whether it has a minimum or a limit."""

    term: int
    first_start: int
    existing: bool
    limited: bool


def _offer(spec: OfferSpec) -> _Offer:
    offer = spec.offer
    limited = offer.min_units is not None or offer.max_units is not None
    return _Offer(spec.term, spec.first_start, any(spec.existing), limited)


def _covers_like(instance: Instance, a: _Offer, b: _Offer) -> bool:
    """True when contracts of `a` can cover exactly the months a contract of `b` covers, at a
    counted cost no higher month for month."""
    if a.term == 1:
        return True  # month to month replicates any coverage
    if a.term == b.term:
        return True
    if instance.accounting == "in_horizon":
        # Both run to the horizon's end from any start they may take: the same counted months.
        earliest = min(a.first_start, b.first_start)
        return min(a.term, b.term) >= instance.horizon - earliest
    return False


def _upfront_differs(instance: Instance, a: OfferSpec, b: OfferSpec) -> bool:
    """Under a capex budget, `a` may stand in for `b` only paying no more upfront, per GPU and
    per unit."""
    if instance.max_upfront is None and instance.max_upfront_by_month is None:
        return False
    per_unit_a, per_unit_b = upfront_per_unit(a), upfront_per_unit(b)
    return per_unit_a > per_unit_b or (per_unit_a / a.gpus_per_unit > per_unit_b / b.gpus_per_unit)


def _told_apart(instance: Instance, a: int, b: int) -> bool:
    """True when a rule of the request may tell `a` from `b`: a power cap at `a`'s site that
    is not `b`'s, a vendor share across two vendors, or a capex budget `a` uses more of."""
    sa, sb = instance.offers[a], instance.offers[b]
    oa, ob = sa.offer, sb.offer
    if oa.site_key != ob.site_key and oa.site_key in instance.power_caps:
        return True
    if _upfront_differs(instance, sa, sb):
        return True
    return instance.max_vendor_share is not None and slugify(oa.vendor) != slugify(ob.vendor)


def _interchangeable(
    instance: Instance, a: int, b: int, rules: bool, facts: dict[int, _Offer] | None = None
) -> bool:
    """What two offers must share for `a` to stand in for `b`: no existing units of `b`, no
    minimum or limit on `a`, `a` available no later and covering the same months, and (with
    `rules`) no rule of the request telling them apart (`_told_apart`). `facts`: each offer's
    `_offer`, read once for a whole pruning (else read here)."""
    if facts is None:
        fa, fb = _offer(instance.offers[a]), _offer(instance.offers[b])
    else:
        fa, fb = facts[a], facts[b]
    if fb.existing or fa.limited:
        return False
    if fa.first_start > fb.first_start or not _covers_like(instance, fa, fb):
        return False
    return not (rules and _told_apart(instance, a, b))


def interchangeable(instance: Instance, a: int, b: int) -> bool:
    """What `a` must share with `b` to stand in for it, every rule of the request counted
    (`_interchangeable`): for `optimizer.replacement_caps`."""
    return _interchangeable(instance, a, b, rules=True)


def _no_dearer_tie(price_a: float, term_a: int, price_b: float, term_b: int) -> bool:
    """`a` no dearer than `b` and, at the same price, owing no more over its term: a tie goes
    to the smaller obligation (DESIGN section 8.1), so a longer term at the same price never
    replaces a shorter one (under `in_horizon` both can cost the same in the horizon)."""
    return price_a < price_b or (price_a == price_b and price_a * term_a <= price_b * term_b)


def dominates(
    instance: Instance,
    served: dict[int, set[int]],
    a: int,
    b: int,
    rules: bool = True,
    power: bool = True,
    facts: dict[int, _Offer] | None = None,
) -> bool:
    """Offer `a` can replace offer `b` in any plan at no higher cost, power or risk: month to
    month, block for blocks (`optimizer.replacement`), GPU for GPU (`a`'s unit divides `b`'s;
    no dearer, hungrier or slower per GPU), or unit for unit (`a`'s unit no dearer, no hungrier
    and no smaller in throughput for every workload of `b`). With
    whole replicas, only where `a`'s blocks of replicas take as many units and GPUs as `b`'s
    (a bigger replica can cost more for a small demand however cheap its GPUs).
    `served[o]` holds the workloads offer o can serve; without `rules`, as if the request had
    no power cap, vendor share or capex budget, and without `power`, whatever `a` draws
    (`optimizer.ties`: a tie goes to the smaller obligation before lower power). `facts`:
    each offer's `_offer` (`prune_dominated` reads them once)."""
    if not _interchangeable(instance, a, b, rules, facts):
        return False
    sa, sb = instance.offers[a], instance.offers[b]
    workloads = served.get(b, set())
    if not workloads <= served.get(a, set()):
        return False
    if replaces_block_for_block(instance, workloads, a, b, power):
        return True
    if instance.replicas == "whole" and any(
        instance.block(a, w) != instance.block(b, w) for w in workloads
    ):
        return False

    def per(spec: OfferSpec, o: int, w: int, unit: bool) -> float:
        return instance.rates[(o, w)].per_gpu * (spec.gpus_per_unit if unit else 1)

    price_a, price_b = sa.offer.price_per_gpu_hour, sb.offer.price_per_gpu_hour
    month_a, month_b = sa.month_cost_per_unit, sb.month_cost_per_unit
    by_gpu = (
        sb.gpus_per_unit % sa.gpus_per_unit == 0
        and _no_dearer_tie(price_a, sa.term, price_b, sb.term)
        and (not power or sa.kw_per_gpu <= sb.kw_per_gpu)
        and all(per(sa, a, w, False) >= per(sb, b, w, False) for w in workloads)
    )
    by_unit = (
        _no_dearer_tie(month_a, sa.term, month_b, sb.term)
        and (not power or sa.kw_per_unit <= sb.kw_per_unit)
        and all(per(sa, a, w, True) >= per(sb, b, w, True) for w in workloads)
    )
    return by_gpu or by_unit


def tie_order(spec: OfferSpec) -> tuple[float, float, float, str]:
    """Offers by price; equal prices go to the smaller obligation (a shorter term), then lower
    power, then id (DESIGN section 8.1)."""
    price = spec.offer.price_per_gpu_hour
    return (price, price * spec.term, spec.kw_per_gpu, spec.id)


def served_by(instance: Instance) -> dict[int, set[int]]:
    """The workloads each offer can serve, indexed once: a scan per comparison was quadratic."""
    served: dict[int, set[int]] = {}
    for o, w in instance.rates:
        served.setdefault(o, set()).add(w)
    return served


class Answers:
    """`dominates`'s answers kept across the prunings of instances that share their rates and
    their rules, told apart by the two offers' specs (one sensitivity run's instances at other
    prices: `optimizer.trials.narrowed`; a price moved is a new spec of that offer, and every
    other offer keeps its spec object). On the seed example a run prunes 32 instances with
    2,967 questions, of which 687 are new (those of the offer repriced).

    Why an answer holds for another instance: `dominates` reads the two offers' specs (their
    prices, terms, units, power, existing units, limits, sites and vendors), their rates (the
    workloads each serves, and how), and of the instance only its accounting, horizon,
    replicas, the sites its power caps hold, its vendor share and its capex budgets. The
    specs, the rates and the caps are told apart by identity (`id`), the rest by value; every
    object whose identity a kept answer rests on is held here, so that no identity is reused
    while the answers are kept. Safe to share between threads: two threads asking the same
    pair at once find the same answer."""

    def __init__(self) -> None:
        self._tables: dict[tuple[Any, ...], dict[tuple[int, int], bool]] = {}
        self._held: dict[int, object] = {}

    def asking(
        self, instance: Instance, served: dict[int, set[int]], facts: dict[int, _Offer]
    ) -> Callable[[int, int], bool]:
        """`dominates(instance, served, a, b, facts=facts)` for the pairs asked, answered from
        those kept where the specs and the context are the very ones asked before."""
        held = self._held
        shared = (instance.rates, instance.power_caps, instance.max_upfront_by_month)
        for x in shared:
            held.setdefault(id(x), x)
        context = (
            *(id(x) for x in shared),
            instance.accounting,
            instance.horizon,
            instance.replicas,
            instance.max_vendor_share,
            instance.max_upfront,
        )
        table = self._tables.setdefault(context, {})
        offers = instance.offers

        def ask(a: int, b: int) -> bool:
            sa, sb = offers[a], offers[b]
            key = (id(sa), id(sb))
            found = table.get(key)
            if found is None:
                held.setdefault(key[0], sa)
                held.setdefault(key[1], sb)
                found = table[key] = dominates(instance, served, a, b, facts=facts)
            return found

        return ask


def prune_dominated(
    instance: Instance, answers: Answers | None = None
) -> tuple[Instance, dict[str, str]]:
    """The instance without offers another offer dominates (see `dominates`: GPU for GPU or
    unit for unit no dearer, no hungrier, no slower, covering the same months, and nothing in
    the request, a cap, a vendor rule, a minimum or a limit, telling them apart). `answers`:
    `dominates`'s answers kept from other prunings (`Answers`), the same pruning.

    Returns the pruned instance and, for each removed offer, the offer that dominates it.
    """
    order = sorted({o for (o, _w) in instance.rates}, key=lambda o: tie_order(instance.offers[o]))
    served = served_by(instance)
    facts = {o: _offer(instance.offers[o]) for o in order}
    known: dict[tuple[int, int], bool] = {}
    ask = (
        (lambda a, b: dominates(instance, served, a, b, facts=facts))
        if answers is None
        else answers.asking(instance, served, facts)
    )

    def over(a: int, b: int) -> bool:
        """`dominates(instance, served, a, b)`, asked once a pair: the second pass asks again
        what the first answered (False for every `a` kept before a `b` kept)."""
        found = known.get((a, b))
        if found is None:
            found = known[(a, b)] = ask(a, b)
        return found

    kept: list[int] = []
    removed: dict[str, str] = {}
    for b in order:
        winner = next((a for a in kept if over(a, b)), None)
        if winner is None:
            kept.append(b)
        else:
            removed[instance.offers[b].id] = instance.offers[winner].id
    # A unit-for-unit dominator can come later in the per-GPU order: a second pass, in which
    # an offer goes only to one that is kept and not dominated by it in turn.
    for b in list(kept):
        winner = next(
            (a for a in kept if a != b and over(a, b) and not over(b, a)),
            None,
        )
        if winner is not None:
            kept.remove(b)
            removed[instance.offers[b].id] = instance.offers[winner].id
    allowed: dict[int, set[int]] = {}
    for o, w in instance.rates:
        if instance.offers[o].id not in removed:
            allowed.setdefault(w, set()).add(o)
    return instance.restricted(allowed), removed
