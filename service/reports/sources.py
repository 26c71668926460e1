"""Where a plan's numbers come from: the price, basis, date and source of every offer it uses
(from the catalog revision it was solved against) and the measured points behind every
throughput it counts on (stored in the plan). Offers only the tail of `demand_continues` is
valued on are listed too, and a scenario plan's offers only other scenarios than the shown one
buy, a "used" column saying so (probe 17a F2, probe 18a F5)."""

from __future__ import annotations

from catalog import Catalog, Offer
from catalog.api_offer import ApiOffer
from optimizer import Plan
from optimizer.price_trust import CostBasis
from service.reports.cells import Cell, Rate, Text
from service.reports.numbers import decimal_text
from service.reports.table import Table, table

__all__ = [
    "ONLY_IN_TAIL",
    "api_offers_bought",
    "in_scenarios",
    "in_tail",
    "offers",
    "only_in",
    "rests_on",
    "throughput",
    "used_offers",
    "with_used",
]

USED = "used"
ONLY_IN_TAIL = "only in the tail"
"""The "used" column's words for an offer bought only after the horizon."""


def rests_on(basis: CostBasis | None) -> str:
    """What a cost per million tokens rests on, as the reports put it beside the figure ("an
    estimate price, derived throughput"); empty for none (plans stored before it was said)."""
    if basis is None:
        return ""
    return ("an " if basis.said[0] in "aeiou" else "a ") + basis.said


def in_tail(plan: Plan) -> set[str]:
    """The ids of the offers only the plan's tail is valued on (none on plans stored before
    they were named)."""
    return set(plan.tail.offers_only_in_tail) if plan.tail is not None else set()


def in_scenarios(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Of a scenario plan, the ids of the offers only scenarios other than the shown one buy
    (named in their `offers`), each with those scenarios (probe 18a F5); none otherwise."""
    if plan.scenarios is None:
        return {}
    shown = {a.offer_id for m in plan.months for a in m.allocations}
    shown |= {p.offer_id for m in plan.months for p in m.purchases}
    shown |= {c.offer_id for c in plan.commitments} | in_tail(plan)
    found: dict[str, tuple[str, ...]] = {}
    for o in plan.scenarios.scenarios:
        if o.name != plan.scenarios.shown:
            for bought in o.offers:
                if bought.offer_id not in shown:
                    found[bought.offer_id] = (*found.get(bought.offer_id, ()), o.name)
    return found


def only_in(names: tuple[str, ...]) -> str:
    """The "used" column's words for an offer only scenarios `names` buy."""
    return f"only in scenario{'s' if len(names) > 1 else ''} {', '.join(names)}"


def used_offers(plan: Plan, catalog: Catalog) -> list[Offer]:
    """The catalog's GPU offers the plan allocates or commits to, then those only its tail
    buys, then (a scenario plan's) those only other scenarios buy, each by id."""
    ids = sorted(
        {a.offer_id for m in plan.months for a in m.allocations}
        | {c.offer_id for c in plan.commitments}
    )
    tail = sorted(in_tail(plan) - set(ids))
    others = sorted(set(in_scenarios(plan)) - set(ids) - set(tail))
    return [o for o in (catalog.offer(i) for i in ids + tail + others) if o is not None]


def with_used(sources: Table, *labels: str) -> Table:
    """`sources` with the columns labelled `labels`, and its "used" column where it has one."""
    return sources.select(*labels, *([USED] if USED in sources.labels else []))


def _used(
    rows: list[list[Cell]], tail: list[bool], elsewhere: list[str] | None = None
) -> tuple[list[tuple[str, str]], list[list[Cell]]]:
    """The "used" column and `rows` with it, when any row is `tail`-only or (`elsewhere`, a
    scenario plan's) used only in other scenarios than the shown one; else none."""
    others = elsewhere or [""] * len(rows)
    if not any(tail) and not any(others):
        return [], rows
    said = [
        Text(other or (ONLY_IN_TAIL if t else "the horizon"))
        for t, other in zip(tail, others, strict=True)
    ]
    return [(USED, USED)], [[*row, cell] for row, cell in zip(rows, said, strict=True)]


def api_offers_bought(plan: Plan, catalog: Catalog) -> list[ApiOffer]:
    """The catalog's per-token API offers the plan buys from (in the shown months, or, a
    scenario plan's, only in other scenarios), each by id."""
    ids = {p.offer_id for m in plan.months for p in m.purchases} | set(in_scenarios(plan))
    return [a for a in (catalog.api_offer(i) for i in sorted(ids)) if a is not None]


def _api_row(a: ApiOffer) -> list[Cell]:
    """An API offer's line of the Sources table: no price per GPU-hour; its prices per
    million input and output tokens in the formula's place."""
    prices = (
        f"{decimal_text(a.price_per_million_input_tokens)} per million input tokens, "
        f"{decimal_text(a.price_per_million_output_tokens)} per million output tokens"
    )
    return [
        Text(a.id),
        Rate(None),
        Text(prices),
        Text(a.currency),
        Text(a.price_basis),
        Text(a.as_of.isoformat()),
        Text(a.source),
        Text(a.note),
    ]


def offers(plan: Plan, catalog: Catalog) -> Table:
    """The price (with its formula, for owned hardware from its parts), its basis, date and
    source of every offer the plan uses, and which are used only in the tail; then the
    per-token API offers it buys from, with their prices per million tokens (probe 19: an
    API the plan spent 459,423.92 USD on was in no Sources table, its basis and date unsaid)."""
    listed = used_offers(plan, catalog)
    tail = in_tail(plan)
    rows: list[list[Cell]] = [
        [
            Text(o.id),
            Rate(o.price_per_gpu_hour),
            # Owned hardware from its parts: how the price is derived; "-" where stated.
            Text(o.price_formula or "-"),
            Text(o.currency),
            Text(o.price_basis),
            Text(o.as_of.isoformat()),
            Text(o.source),
            Text(o.note),
        ]
        for o in listed
    ]
    others = in_scenarios(plan)
    elsewhere = [only_in(others[o.id]) if o.id in others else "" for o in listed]
    apis = api_offers_bought(plan, catalog)
    rows += [_api_row(a) for a in apis]
    elsewhere += [only_in(others[a.id]) if a.id in others else "" for a in apis]
    used, rows = _used(rows, [o.id in tail for o in listed] + [False] * len(apis), elsewhere)
    return table(
        [
            ("offer", "offer_id"),
            ("price/GPU-h", "price_per_gpu_hour"),
            ("price formula", "price_formula"),
            ("currency", "currency"),
            ("price basis", "price_basis"),
            ("as of", "as_of"),
            ("source", "source"),
            ("note", "note"),
            *used,
        ],
        rows,
    )


def throughput(plan: Plan) -> Table:
    """The measured (or derived) points behind each throughput the plan counts on, as the plan
    stored them (the report never re-derives eligibility), those only the tail counts on
    last."""
    found = sorted(
        {
            (
                s.only_in_scenarios,
                s.only_in_tail,
                s.offer_id,
                s.workload_id,
                s.basis,
                f"{s.source} (measured {s.measured_on}, {s.deployment}, "
                f"{s.interactivity:g} tok/s/user, {s.throughput_per_gpu:g} tok/s/GPU)",
            )
            for s in plan.sources
        }
    )
    rows: list[list[Cell]] = [[Text(cell) for cell in row[2:]] for row in found]
    elsewhere = [only_in(row[0]) if row[0] else "" for row in found]
    used, rows = _used(rows, [row[1] for row in found], elsewhere)
    return table(
        [
            ("offer", "offer_id"),
            ("workload", "workload_id"),
            ("basis", "basis"),
            ("throughput source", "throughput source"),
            *used,
        ],
        rows,
    )
