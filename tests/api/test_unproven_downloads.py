"""A plan not proven optimal (the time limit or a cancel stopped its search above the
requested gap) has no requisition unless asked for it anyway: a 409 naming its status and gap;
with `allow_unproven=true` every requisition format carries them, and report.csv, cash.csv and
focus.csv always do (probe 5, finding 3: a cancelled portfolio plan at an 88% gap gave a
112-line requisition with no status or gap)."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer import Plan
from tests.gaps import ON_HORIZON_AND_TAIL
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _stopped(gap: float | None = 0.675, cancelled: bool = False) -> Plan:
    """The seed golden plan as a search stopped at `gap` would have left it (requested: 1e-4)."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None and plan.request.options.gap == 1e-4
    solver = msgspec.structs.replace(plan.solver, gap=gap, cancelled=cancelled)
    return msgspec.structs.replace(plan, id="plan_stopped", status="feasible", solver=solver)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_an_unproven_plan_has_no_requisition(client: Client, db_path: str, fmt: str) -> None:
    """requisition.json and .csv of a plan stopped at a 67.5% gap: 409, the detail naming the
    status, the gap reached and requested, what it may cost on which cost (its horizon and
    tail) and the parameter to ask anyway."""
    plan = store_plan(db_path, _stopped())
    body = assert_problem(await client.get(f"/plans/{plan.id}/requisition.{fmt}"), 409)
    assert body["detail"].startswith(
        f"plan {plan.id} is not proven optimal (status feasible, gap 67.50%, requested 0.01%): "
        "the time limit ended the search before optimality was proven: the plan may cost up "
        f"to 3.1x the best possible {ON_HORIZON_AND_TAIL} (gap 67.50%: its 25,090,041.60 USD "
        "there exceed the best possible by at most 16,935,778.08 USD)"
    )
    assert "allow_unproven=true" in body["detail"]


async def test_a_cancelled_plan_is_unproven_whatever_its_gap(client: Client, db_path: str) -> None:
    """A search stopped by a cancel is unproven even below the requested gap; so is a
    feasible plan whose gap is unknown."""
    for n, plan in enumerate((_stopped(gap=5e-5, cancelled=True), _stopped(gap=None))):
        stored = store_plan(db_path, msgspec.structs.replace(plan, id=f"plan_stopped_{n}"))
        body = assert_problem(await client.get(f"/plans/{stored.id}/requisition.json"), 409)
        assert "not proven optimal" in body["detail"]


async def test_asked_anyway_every_requisition_format_carries_status_and_gap(
    client: Client, db_path: str
) -> None:
    """allow_unproven=true: 200; the JSON's header and every line, and every CSV row, say
    `feasible` and the gap 0.675."""
    plan = store_plan(db_path, _stopped())
    query = {"allow_unproven": "true"}
    draft = (await client.get(f"/plans/{plan.id}/requisition.json", params=query)).json()
    assert (draft["plan_status"], draft["plan_gap"]) == ("feasible", "0.675")
    assert draft["lines"]
    assert {(x["plan_status"], x["plan_gap"]) for x in draft["lines"]} == {("feasible", "0.675")}
    response = await client.get(f"/plans/{plan.id}/requisition.csv", params=query)
    assert response.status_code == 200
    rows = _rows(response.text)
    assert len(rows) == len(draft["lines"])
    assert {(r["plan_status"], r["plan_gap"]) for r in rows} == {("feasible", "0.675")}


async def test_a_proven_plan_keeps_its_requisition(client: Client, db_path: str) -> None:
    """The seed plan (optimal, gap 0): 200 without the parameter, its lines saying so."""
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    draft = (await client.get(f"/plans/{plan.id}/requisition.json")).json()
    assert (draft["plan_status"], draft["plan_gap"]) == ("optimal", "0")


@pytest.mark.parametrize(
    ("download", "status", "gap"),
    [
        ("report.csv", "plan_status", "plan_gap"),
        ("cash.csv", "plan_status", "plan_gap"),
        ("focus.csv", "x_PlanStatus", "x_PlanGap"),
    ],
)
async def test_csv_exports_carry_status_and_gap(
    client: Client, db_path: str, download: str, status: str, gap: str
) -> None:
    """report.csv, cash.csv and focus.csv of the stopped plan: every row says `feasible` and
    0.675 (FOCUS's custom columns take the x_ prefix)."""
    plan = store_plan(db_path, _stopped())
    response = await client.get(f"/plans/{plan.id}/{download}")
    assert response.status_code == 200
    rows = _rows(response.text)
    assert rows and {(r[status], r[gap]) for r in rows} == {("feasible", "0.675")}


@pytest.mark.parametrize("name", ["infeasible-power-cap", "three-scenarios-short"])
async def test_an_infeasible_plan_has_no_requisition_unless_asked(
    client: Client, db_path: str, name: str
) -> None:
    """A plan short of its demand (plain under a 0.2 MW cap, or a scenario plan whose high
    scenario a 0.5 MW cap cannot serve): 409 naming the status and the diagnosis, as an
    unproven plan is refused; with allow_unproven=true, 200 with every line saying
    `infeasible`."""
    plan = store_plan(db_path, golden_plan(name))
    assert plan.status == "infeasible" and plan.diagnosis is not None
    for fmt in ("json", "csv"):
        body = assert_problem(await client.get(f"/plans/{plan.id}/requisition.{fmt}"), 409)
        assert body["detail"].startswith(f"plan {plan.id} is infeasible (status infeasible)")
        assert plan.diagnosis.summary.rstrip(".") in body["detail"]
        assert "allow_unproven=true" in body["detail"]
    query = {"allow_unproven": "true"}
    draft = (await client.get(f"/plans/{plan.id}/requisition.json", params=query)).json()
    assert draft["plan_status"] == "infeasible" and draft["lines"]
    assert {x["plan_status"] for x in draft["lines"]} == {"infeasible"}
