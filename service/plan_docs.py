"""Stored plans read back: as a Plan, or as a line of the listing. A plan stored by older code
that no longer decodes is a 409 for its reports and a `failed` line in the listing, never a
500."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from catalog import Conflict
from optimizer import Plan, SolverInfo, Summary
from service.store import Store

__all__ = ["PlanListItem", "list_item", "load_plan", "scenario_fields", "served_plan"]


class PlanListItem(msgspec.Struct, frozen=True, kw_only=True):
    """A plan in a listing: everything but the months, commitments and baselines."""

    id: str
    status: str
    created_at: str
    forecast_id: str | None
    catalog_revision: int
    name: str | None
    solver: SolverInfo | None
    summary: Summary | None
    """The plan's summary; a scenario plan's is its shown scenario's alone (`shown_scenario`),
    not the plan's: its cost is `expected_cost`."""
    error: str | None
    expected_cost: float | None = None
    """A scenario plan's expected cost over its scenarios (what it minimises: horizon and tail
    under `demand_continues`, the horizon otherwise), the figure its report leads with; None
    for a plan without scenarios (probe 11 finding 2: the listing gave only one scenario's)."""
    scenarios: int = 0
    """How many scenarios the plan was made for (0: a plan of one forecast)."""
    shown_scenario: str | None = None
    """The scenario whose figures `summary` holds; None for a plan without scenarios."""


def _unreadable(plan_id: str, exc: Exception) -> str:
    return f"stored plan {plan_id} cannot be read ({exc}); POST its request again"


def load_plan(store: Store, plan_id: str) -> Plan:
    """The stored plan.

    Raises:
        NotFound: no such plan.
        Conflict: the stored plan no longer decodes (written by older code).
    """
    try:
        return msgspec.json.decode(store.document("plans", plan_id), type=Plan)
    except msgspec.ValidationError as exc:
        raise Conflict(_unreadable(plan_id, exc)) from exc


_RELAXED = re.compile(rb'"relaxed"\s*:\s*true')
_UNSCOPED = re.compile(rb'"optimal_for"\s*:\s*""')


def served_plan(doc: bytes) -> bytes:
    """A stored plan as GET /plans/{id} sends it: as stored, but a relaxed plan stored with
    `solver.optimal_for: ""` (before `SolverInfo` named the LP relaxation there, review 21)
    read back and written again, so that it says what its reports, event and listing say."""
    if not _UNSCOPED.search(doc) or not _RELAXED.search(doc):
        return doc
    try:
        return msgspec.json.encode(msgspec.json.decode(doc, type=Plan))
    except msgspec.ValidationError:
        return doc  # its reports say why it no longer decodes


def list_item(doc: bytes) -> PlanListItem:
    """A stored plan as a line of GET /plans (`failed`, saying why, when it does not decode)."""
    try:
        plan = msgspec.json.decode(doc, type=Plan)
    except msgspec.ValidationError as exc:
        raw = msgspec.json.decode(doc)
        raw = raw if isinstance(raw, dict) else {}
        plan_id = str(raw.get("id", "?"))
        forecast_id = raw.get("forecast_id")
        revision = raw.get("catalog_revision")
        return PlanListItem(
            id=plan_id,
            status="failed",
            created_at=str(raw.get("created_at", "")),
            forecast_id=forecast_id if isinstance(forecast_id, str) else None,
            catalog_revision=revision if isinstance(revision, int) else 0,
            name=None,
            solver=None,
            summary=None,
            error=_unreadable(plan_id, exc),
        )
    forecast = plan.forecast or plan.request.forecast
    return PlanListItem(
        id=plan.id,
        status=plan.status,
        created_at=plan.created_at,
        forecast_id=plan.forecast_id,
        catalog_revision=plan.catalog_revision,
        name=forecast.name if forecast else None,
        solver=plan.solver,
        summary=plan.summary,
        error=plan.error,
        **scenario_fields(plan),
    )


def scenario_fields(plan: Plan) -> dict[str, Any]:
    """What says a plan is a scenario plan, in a listing line or an event: its expected cost,
    its number of scenarios and the scenario its summary shows (nothing for any other plan)."""
    s = plan.scenarios
    if s is None:
        return {}
    return {
        "expected_cost": s.expected_cost,
        "scenarios": len(s.scenarios),
        "shown_scenario": s.shown,
    }
