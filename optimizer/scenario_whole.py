"""A scenario plan's costs with every scenario's tail bought in whole units (review 7b finding
3): where the model values each scenario's month-to-month tail in fractional units, as the
plain plan's (`optimizer.tail_whole`: fractional replicas, or a model past
`optimizer.model.WHOLE_TAIL_COLUMNS`; with whole replicas the tails are whole), only the
shown scenario's tail said what whole units cost, so the expected cost, its range and the
value of the stochastic solution stood on fractional tails unsaid. Each outcome gets its
whole-unit cost, the summary their expectation, and a warning says by how much the expected
cost moves, or which scenario's whole tail was not found."""

from __future__ import annotations

import math

import msgspec

from optimizer.assembly import Assembler
from optimizer.phases import Clock
from optimizer.scenario_result import ScenarioOutcome
from optimizer.tail_whole import SECONDS, whole_tail_result

__all__ = ["expected_whole", "whole_outcomes", "whole_warnings"]


def _whole(outcome: ScenarioOutcome, a: Assembler, clock: Clock) -> tuple[ScenarioOutcome, str]:
    """`outcome` with its cost at a whole-unit tail (its own cost when the tail is whole or
    none), and why that was not found ("" when it was); solved within the plan's clock (ten
    scenarios of up to `SECONDS` each would outlast it)."""
    tail, whole = a.tail(), whole_tail_result(a, clock.within(SECONDS), clock.ended)
    if tail is None or whole is None:
        return msgspec.structs.replace(outcome, whole_units_cost=outcome.cost), ""
    if whole.cost is None:
        return outcome, whole.missing
    cost = outcome.cost + whole.cost - tail.cost
    return msgspec.structs.replace(outcome, whole_units_cost=cost), ""


def whole_outcomes(
    outcomes: list[ScenarioOutcome], assemblers: list[Assembler], clock: Clock
) -> tuple[list[ScenarioOutcome], dict[str, str]]:
    """`outcomes` with their whole-unit costs (each scenario's `assemblers`), and why each
    scenario's whole tail that was not found was not (by name)."""
    out, missing = [], {}
    for o, a in zip(outcomes, assemblers, strict=True):
        whole, why = _whole(o, a, clock)
        out.append(whole)
        if why:
            missing[o.name] = why
    return out, missing


def expected_whole(outcomes: list[ScenarioOutcome]) -> float | None:
    """The expected cost with every scenario's tail in whole units; None when one is unknown."""
    costs = [o.whole_units_cost for o in outcomes]
    if any(c is None for c in costs):
        return None
    return math.fsum(o.probability * (o.whole_units_cost or 0.0) for o in outcomes)


def whole_warnings(
    outcomes: list[ScenarioOutcome], missing: dict[str, str], currency: str
) -> list[str]:
    """What the expected cost's fractional tails hide: the whole-unit expected cost and by how
    much it is more, or which scenarios' whole-unit tail cost is unknown and why."""
    valued = "the expected cost values the scenarios' tails with fractional month-to-month units"
    if missing:
        return [
            f"{valued}; the {name} scenario's tail cost in whole units is unknown: {why}"
            for name, why in missing.items()
        ]
    expected = math.fsum(o.probability * o.cost for o in outcomes)
    whole = expected_whole(outcomes)
    if whole is None or whole < expected + 0.005:
        return []
    more = whole - expected
    share = f", {more / expected:+.1%}" if expected > 0 else ""
    return [
        f"{valued}: bought in whole units, as a buyer signs for them, it is {whole:,.2f} "
        f"{currency}, not {expected:,.2f} (+{more:,.2f}{share}); the cost "
        "range and the value of the stochastic solution value them fractionally too"
    ]
