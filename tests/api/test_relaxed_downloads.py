"""A plan solved as an LP relaxation (`options.relax`) names fractional units: it has no
requisition and no FOCUS export, a 409 saying why, while its reports still render (probe 4,
finding 8: its requisition read "0.990941 ... units" at full prices, off the obligation by
$2.41, with no relaxation flag)."""

from __future__ import annotations

import json

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer.plan import Plan
from service.plan_diff import diff_plans, render_diff
from service.store import Store
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _relaxed() -> Plan:
    """The seed golden plan marked as solved relaxed, with fractional units."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    commitments = tuple(
        msgspec.structs.replace(c, units=c.units - 0.009059) for c in plan.commitments
    )
    return msgspec.structs.replace(
        plan,
        id="plan_relaxed",
        solver=msgspec.structs.replace(plan.solver, relaxed=True),
        commitments=commitments,
    )


@pytest.mark.parametrize("download", ["requisition.json", "requisition.csv", "focus.csv"])
async def test_relaxed_plan_has_no_purchase_download(
    client: Client, db_path: str, download: str
) -> None:
    """requisition.json, requisition.csv and focus.csv of a relaxed plan: 409, the detail
    naming the relaxation and what to do."""
    plan = store_plan(db_path, _relaxed())
    body = assert_problem(await client.get(f"/plans/{plan.id}/{download}"), 409)
    assert body["detail"].startswith(f"plan {plan.id} is an LP relaxation (options.relax)")
    assert "solve the request again without relax" in body["detail"]


async def test_relaxed_plan_still_has_its_report(client: Client, db_path: str) -> None:
    """Its report renders (200), with the warning the plan carries."""
    plan = store_plan(db_path, _relaxed())
    assert (await client.get(f"/plans/{plan.id}/report.md")).status_code == 200


async def test_the_same_plan_solved_whole_has_its_requisition(client: Client, db_path: str) -> None:
    """The seed plan itself (whole units) keeps its requisition and FOCUS export: 200."""
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    for download in ("requisition.json", "focus.csv"):
        assert (await client.get(f"/plans/{plan.id}/{download}")).status_code == 200


async def test_relaxed_plan_status_says_relaxation(client: Client, db_path: str) -> None:
    """Every status a relaxed plan's report and CSVs show says it is the LP relaxation's
    optimum, never a bare "optimal" (probe 19: its report's header and summary said "status
    optimal" beside fractional racks, the relaxation named only in the warnings at the end)."""
    plan = store_plan(db_path, _relaxed())
    said = "optimal for the LP relaxation (fractional units: not a purchasable plan)"
    md = (await client.get(f"/plans/{plan.id}/report.md")).text
    assert f"**status** {said}" in md and f"| status | {said} |" in md
    assert "**status** optimal ·" not in md and "| status | optimal |" not in md
    for export in ("report.csv", "cash.csv"):
        rows = (await client.get(f"/plans/{plan.id}/{export}")).text.splitlines()
        assert all(f",{said}," in row for row in rows[1:]), export
    html = (await client.get(f"/plans/{plan.id}/report.html")).text
    assert f"status <b>{said}</b>" in html


def test_a_diff_says_which_plan_is_the_relaxation() -> None:
    """The diff of the seed against it solved relaxed: the status row says the relaxed one's
    optimum is the LP relaxation's, its JSON keeps `optimal` with `after_optimal_for` beside
    it (probe 19: the row read "optimal | optimal | same")."""
    said = "optimal for the LP relaxation (fractional units: not a purchasable plan)"
    diff = diff_plans(golden_plan("seed-deepseek-r1"), _relaxed())
    assert f"| status | optimal | {said} | changed |" in str(render_diff(diff, "md"))
    shown = json.loads(render_diff(diff, "json"))
    assert (shown["after_status"], shown["after_optimal_for"]) == (
        "optimal",
        said.split(" for ", 1)[1],
    )


async def test_a_relaxed_plans_own_json_names_the_relaxation(client: Client, db_path: str) -> None:
    """Review 21: a relaxed plan's GET /plans/{id}, report.json and line of GET /plans said
    `solver.optimal_for: ""` beside `status: optimal` and `relaxed: true`, where its event and
    its diff's JSON said "the LP relaxation ...". The plan's JSON says it too, stored so
    (made after the fix) or stored before with `optimal_for: ""`, read back alike."""
    said = "the LP relaxation (fractional units: not a purchasable plan)"
    made = _relaxed()
    assert made.solver is not None and made.solver.optimal_for == said
    before = msgspec.to_builtins(made)
    before["id"] = "plan_relaxed_before"
    before["solver"]["optimal_for"] = ""  # as a plan stored before the fix says
    store = Store(db_path)
    store.insert_document("plans", before["id"], json.dumps(before).encode(), status="optimal")
    store.close()
    store_plan(db_path, made)
    listed = (await client.get("/plans")).json()["items"]
    for plan_id in (made.id, before["id"]):
        for path in (f"/plans/{plan_id}", f"/plans/{plan_id}/report.json"):
            body = (await client.get(path)).json()
            assert (body["status"], body["solver"]["relaxed"]) == ("optimal", True), path
            assert body["solver"]["optimal_for"] == said, path
        [line] = [item for item in listed if item["id"] == plan_id]
        assert line["solver"]["optimal_for"] == said
    whole = await client.get(f"/plans/{store_plan(db_path, golden_plan('seed-deepseek-r1')).id}")
    assert whole.json()["solver"]["optimal_for"] == ""
