"""What a cancelled sensitivity run says of what it left: its cells were written as the time
budget's (a cancel ends the budget at once: `optimizer.run_budget`), and so told the buyer to
give a larger `max_seconds`, which would not help (review 14). Rewritten to name the cancel."""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from optimizer.price_responses import NOT_RUN, CostResponse
from optimizer.sensitivity_result import DemandSensitivity, LimitSensitivity, OfferSensitivity
from optimizer.target_prices import UNFINISHED

__all__ = ["limits_cancelled", "said_cancelled"]

_BUDGET = re.compile(r"the run's time budget \([^)]*\) ran out")
CANCELLED = "the run was cancelled"


def _response(r: CostResponse) -> CostResponse:
    if r.status != NOT_RUN:
        return r
    return msgspec.structs.replace(r, note=_BUDGET.sub(CANCELLED, r.note))


def said_cancelled(
    offers: Sequence[OfferSensitivity], workloads: Sequence[DemandSensitivity]
) -> tuple[list[OfferSensitivity], list[DemandSensitivity]]:
    """`offers` and `workloads` with every note of a response not run and of a target left
    unfinished naming the cancel instead of the time budget."""
    out = []
    for o in offers:
        target = o.target
        if target.kind == UNFINISHED:
            target = msgspec.structs.replace(target, note=_BUDGET.sub(CANCELLED, target.note))
        out.append(
            msgspec.structs.replace(
                o, target=target, responses=tuple(_response(r) for r in o.responses)
            )
        )
    demand = [
        msgspec.structs.replace(w, responses=tuple(_response(r) for r in w.responses))
        for w in workloads
    ]
    return out, demand


def limits_cancelled(limits: Sequence[LimitSensitivity]) -> list[LimitSensitivity]:
    """`limits` with every note of a step not run naming the cancel (`said_cancelled`)."""
    return [
        msgspec.structs.replace(m, responses=tuple(_response(r) for r in m.responses))
        for m in limits
    ]
