"""What makes two plans' numbers measure different things, for the plan diff's "not like for
like" note: each unlike difference named (horizon, the model's version, workloads, demand and
scenarios, constraints, existing commitments, objective and options, accounting, tail), and
every plan not proven optimal."""

from __future__ import annotations

from typing import Any

from optimizer import Forecast, Plan
from service.reports.numbers import money
from service.reports.standing import unproven_reason
from service.reports.tail import tail_short

__all__ = ["unlike"]

SAME_MEASURE = frozenset({"time_limit_s", "gap", "commitment_accounting", "tail_months"})
"""Options left out of the comparison of options: the search's own limits (the plans' status
and gap say what they reached), and the accounting and tail, which have their own reasons."""


def _shown(value: Any) -> str:
    """A request's value in a sentence: `none` for unset or empty, numbers as `0.8`."""
    if value is None or value == ():
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, tuple):
        return f"{len(value)} given"
    return str(value)


def _horizon(plan: Plan) -> str:
    if not plan.months:
        return "no months"
    return f"{plan.months[0].month} to {plan.months[-1].month} ({len(plan.months)} months)"


def _forecast(plan: Plan) -> Forecast | None:
    return plan.forecast or plan.request.forecast


def _tokens(plan: Plan) -> str:
    return "-" if plan.summary is None else f"{plan.summary.tokens / 1e12:,.1f} T"


DEMAND = frozenset({"tokens_per_second", "peak_to_average"})
"""A workload's fields that are its demand; the others (model, SLO, vendors...) are named."""


def _workloads(before: Plan, after: Plan) -> list[str]:
    """The workloads, their demand or their other settings differ: the tokens each plan
    serves, or what may serve them, are not alike."""
    a, b = _forecast(before), _forecast(after)
    if a is None or b is None or a.workloads == b.workloads:
        return []
    tokens = f"{_tokens(before)} against {_tokens(after)} tokens delivered"
    ids = ", ".join(w.id for w in a.workloads), ", ".join(w.id for w in b.workloads)
    if ids[0] != ids[1]:
        return [f"the workloads differ: {ids[0]} against {ids[1]} ({tokens})"]
    pairs = list(zip(a.workloads, b.workloads, strict=True))
    demand = any(getattr(x, f) != getattr(y, f) for x, y in pairs for f in DEMAND)
    out = [f"the demand of the workloads differs ({tokens})"] if demand else []
    for x, y in pairs:
        out += _fields(f"settings of workload {x.id}", x, y, DEMAND)
    return out


def _scenario_side(plan: Plan) -> str:
    s = plan.scenarios
    if s is None:
        return f"plan {plan.id} has no scenarios"
    cur = plan.summary.currency if plan.summary is not None else ""
    return (
        f"plan {plan.id} is planned for {len(s.scenarios)} scenarios (expected cost "
        f"{money(s.expected_cost, cur)}), its totals being its {s.shown} scenario's"
    )


def _scenarios(before: Plan, after: Plan) -> list[str]:
    """The scenarios differ: a scenario plan's totals are one scenario's, not its forecast's
    (nor its expected cost)."""
    a, b = _forecast(before), _forecast(after)
    if a is None or b is None or a.scenarios == b.scenarios:
        return []
    return [f"the scenarios differ: {_scenario_side(before)}; {_scenario_side(after)}"]


def _fields(kind: str, a: Any, b: Any, skip: frozenset[str] = frozenset()) -> list[str]:
    """Each field of two request structs that differs, as `name a against b`."""
    changed = [
        f"{name} {_shown(getattr(a, name))} against {_shown(getattr(b, name))}"
        for name in a.__struct_fields__
        if name not in skip and getattr(a, name) != getattr(b, name)
    ]
    return [f"the {kind} differ: {'; '.join(changed)}"] if changed else []


def _request(before: Plan, after: Plan) -> list[str]:
    """Constraints, existing commitments, objective and options that differ."""
    a, b = before.request, after.request
    out = _fields("constraints", a.constraints, b.constraints)
    if a.existing != b.existing:
        held = [
            ", ".join(
                f"{e.units} x {e.offer_id} from {e.start}"
                + ("" if e.price_per_gpu_hour is None else f" at {e.price_per_gpu_hour:g}/GPU-h")
                for e in r.existing
            )
            or "none"
            for r in (a, b)
        ]
        out.append(f"the existing commitments differ: {held[0]} against {held[1]}")
    if a.objective != b.objective:
        out.append(f"the objectives differ: {a.objective} against {b.objective}")
    return out + _fields("options", a.options, b.options, SAME_MEASURE)


def _accounting(before: Plan, after: Plan) -> list[str]:
    """Another commitment accounting, or (under the same one) another tail."""
    a, b = before.summary, after.summary
    if a is not None and b is not None and a.commitment_accounting != b.commitment_accounting:
        return [
            f"commitment accounting differs: {a.commitment_accounting} against "
            f"{b.commitment_accounting} (what months after the horizon cost)"
        ]
    tails = (before.tail.months if before.tail else 0, after.tail.months if after.tail else 0)
    if tails[0] != tails[1]:
        return [
            f"the demand continued after the horizon differs: {tails[0]} against {tails[1]} "
            "months (the commitments each plan signs are valued over different tails)"
        ]
    return []


def _standing(plan: Plan) -> list[str]:
    """A plan whose cost is not the best possible, or that does not meet its demand (in the
    horizon or in its tail)."""
    reason = unproven_reason(plan)
    if reason is not None:
        reasons = [f"plan {plan.id} is not proven optimal: {reason}"]
    elif plan.status == "infeasible":
        reasons = [f"plan {plan.id} is infeasible: it does not meet its demand in full"]
    elif plan.status not in ("optimal", "feasible"):
        return [f"plan {plan.id} is {plan.status}: it has no solution to compare"]
    else:
        reasons = []
    short = tail_short(plan.tail)
    if plan.tail is not None and short > 0:
        share = short / (short + plan.tail.tokens)
        reasons.append(
            f"plan {plan.id} leaves {share:.1%} of its tail's demand unserved ({short:,.0f} tokens)"
        )
    return reasons


def _version(plan: Plan) -> int:
    return plan.solver.model if plan.solver is not None else 0


def _versions(before: Plan, after: Plan) -> list[str]:
    """The plans were valued by different versions of the model (`SolverInfo.model`): the same
    purchases may cost differently in each (review 14 F5: a plan stored before the tail's
    renewals against one after)."""
    a, b = _version(before), _version(after)
    if a == b:
        return []
    said = [f"version {v}" if v else "an unrecorded version (1 or 2)" for v in (a, b)]
    return [
        f"the model that valued them differs: {said[0]} against {said[1]} (see "
        "optimizer.MODEL_VERSION: the same purchases may be valued differently)"
    ]


def unlike(before: Plan, after: Plan) -> tuple[str, ...]:
    """Why the two plans' totals do not measure the same thing, each reason in a clause:
    empty when they do."""
    horizons = (_horizon(before), _horizon(after))
    reasons = [f"the horizons differ: {horizons[0]} against {horizons[1]}"]
    return tuple(
        (reasons if horizons[0] != horizons[1] else [])
        + _versions(before, after)
        + _workloads(before, after)
        + _scenarios(before, after)
        + _request(before, after)
        + _accounting(before, after)
        + _standing(before)
        + _standing(after)
    )
