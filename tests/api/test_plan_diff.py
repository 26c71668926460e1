"""Issue 15: two plans side by side, Infracost style (GET /plans/{a}/diff/{b}, `tokenplan
diff A B`): every number before, after and the difference, in JSON, Markdown and HTML."""

from __future__ import annotations

import json

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import Conflict
from optimizer import MODEL_VERSION, Plan
from service.cli import main
from service.plan_diff import RENEWALS, diff_plans, render_diff
from service.reports import money
from tests.golden import GOLDEN, golden_plan, store_plan
from tests.paths import OPENAPI
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
SEED, GROWING = "seed-deepseek-r1", "growing-power-capped"
PORTFOLIO = "portfolio-three-models"


def test_a_plan_against_itself_changes_nothing() -> None:
    """Every difference of a plan against itself is 0."""
    plan = golden_plan(GROWING)
    d = diff_plans(plan, plan)
    assert all(c.diff == 0 for c in (*d.totals, *d.fleet, *d.workloads) if c.diff is not None)


def test_the_diff_carries_each_number_of_both_plans() -> None:
    """Total cost, obligation and MW-months differences are the plans' own, and the tail's
    renewals where a plan has them; each offer's GPU-months are its allocations' GPUs summed
    over the months (0 where a plan does not use it); a workload only one plan has has no
    difference."""
    a, b = golden_plan(SEED), golden_plan(PORTFOLIO)
    assert a.summary is not None and b.summary is not None
    d = diff_plans(a, b)
    totals = {c.label: c for c in d.totals}
    assert totals["total cost"].diff == b.summary.total_cost - a.summary.total_cost
    owed = totals["total obligation (new contracts and on-demand use)"]
    assert (owed.before, owed.after) == (a.summary.total_obligation, b.summary.total_obligation)
    fleet = {c.label: c for c in d.fleet}
    gpus = sum(x.gpus for m in b.months for x in m.allocations if x.offer_id == "onprem-b200")
    assert fleet["onprem-b200"].after == gpus and fleet["onprem-b200"].before == 0.0
    assert fleet["onprem-b200"].percent is None
    mw = totals["MW-months (horizon + tail where valued)"]
    assert (mw.before, mw.after) == (a.summary.mw_months, b.summary.mw_months)
    # The seed's racks end inside its tail and are valued as renewed; the portfolio's tail
    # renews nothing: "-" there, not 0 (plans stored before renewals were valued have 0 too).
    renewed = totals[RENEWALS]
    assert a.tail is not None and renewed.before == a.tail.renewed_cost > 0
    assert renewed.after is None and renewed.diff is None
    only = [c for c in d.workloads if c.before is None or c.after is None]
    assert only and all(c.diff is None for c in only)
    md = render_diff(d, "md")
    assert isinstance(md, str)
    diff = totals["total cost"].diff or 0.0
    assert f"| total cost | {money(a.summary.total_cost, 'USD')} |" in md
    sign = "+" if diff > 0 else ""  # either plan may be the dearer
    assert f"| {sign}{money(diff, 'USD')} (" in md


async def test_diff_route_answers_json_markdown_and_html(client: Client, db_path: str) -> None:
    """GET /plans/{a}/diff/{b} in each format; an unknown format is a 422 naming `format`
    and the formats, an unknown plan a 404."""
    a = store_plan(db_path, golden_plan(SEED))
    b = store_plan(db_path, golden_plan(GROWING))
    url = f"/plans/{a.id}/diff/{b.id}"
    body = (await client.get(url)).json()
    assert (body["before"], body["after"]) == (a.id, b.id)
    assert body["totals"][0]["label"] == "total cost"
    md = await client.get(url, params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and "## Fleet" in md.text
    html = await client.get(url, params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "<table>" in html.text
    assert "<script" not in html.text
    refused = assert_problem(await client.get(url, params={"format": "pdf"}), 422, "format")
    assert refused["detail"].endswith("expected one of json, md, html")
    assert_problem(await client.get(f"/plans/{a.id}/diff/plan_nope"), 404)


def test_openapi_lists_the_diff_formats() -> None:
    """openapi/openapi.json gives the diff's `format` as an enum of json, md and html, so
    generated clients offer those three (probe 5, finding 8d: a plain string)."""
    document = json.loads(OPENAPI.read_text())
    parameters = document["paths"]["/plans/{before}/diff/{after}"]["get"]["parameters"]
    fmt = next(p for p in parameters if p["name"] == "format")
    assert fmt["schema"]["enum"] == ["json", "md", "html"]


def test_cli_diff_reads_plan_files(capsys: pytest.CaptureFixture[str]) -> None:
    """`tokenplan diff A.json B.json` prints the Markdown diff."""
    code = main(["diff", str(GOLDEN / f"{SEED}.json"), str(GOLDEN / f"{GROWING}.json")])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("# Plan plan_growing-power-capped against plan plan_seed-deepseek-r1")


def _in_horizon_quarter(plan: Plan) -> Plan:
    """`plan` cut to its first 3 months under in_horizon accounting, with no tail."""
    assert plan.summary is not None
    summary = msgspec.structs.replace(plan.summary, commitment_accounting="in_horizon")
    return msgspec.structs.replace(
        plan, id="plan_quarter", months=plan.months[:3], summary=summary, tail=None
    )


def test_a_diff_across_horizons_and_accounting_says_it_is_not_like_for_like() -> None:
    """A 12-month demand_continues plan against a 3-month in_horizon one: the JSON lists both
    reasons and the Markdown and HTML say so above the numbers; a plan against itself has no
    such note."""
    seed = golden_plan(SEED)
    d = diff_plans(seed, _in_horizon_quarter(seed))
    assert len(d.not_like_for_like) == 2
    horizons, accounting = d.not_like_for_like
    assert "2027-01 to 2027-12 (12 months) against 2027-01 to 2027-03 (3 months)" in horizons
    assert "demand_continues against in_horizon" in accounting
    md = render_diff(d, "md")
    assert isinstance(md, str) and "**Not like for like**: the horizons differ" in md
    html = render_diff(d, "html")
    assert isinstance(html, str) and "Not like for like</strong>: the horizons differ" in html
    assert diff_plans(seed, seed).not_like_for_like == ()


async def test_a_diff_of_plans_in_two_currencies_is_a_409_naming_both(
    client: Client, db_path: str
) -> None:
    """A EUR plan against a USD plan is a 409 problem naming both currencies, in every
    format, not a table labelled USD with a 0.00 difference."""
    usd = store_plan(db_path, golden_plan(SEED))
    assert usd.summary is not None
    eur = msgspec.structs.replace(
        usd, id="plan_eur", summary=msgspec.structs.replace(usd.summary, currency="EUR")
    )
    store_plan(db_path, eur)
    for fmt in ("json", "md", "html"):
        response = await client.get(f"/plans/{eur.id}/diff/{usd.id}", params={"format": fmt})
        problem = assert_problem(response, 409)
        assert "EUR" in problem["detail"] and "USD" in problem["detail"]
    with pytest.raises(Conflict, match="in EUR and plan plan_seed-deepseek-r1 in USD"):
        diff_plans(eur, usd)


def test_plans_valued_by_different_model_versions_are_not_like_for_like() -> None:
    """A plan stored before versions were recorded (model 0) against one of today's: the note
    names both versions; plans of one version say nothing of it (review 14 F5)."""
    plan = golden_plan(SEED)
    assert plan.solver is not None and plan.solver.model == MODEL_VERSION
    old = msgspec.structs.replace(plan, solver=msgspec.structs.replace(plan.solver, model=0))
    [said] = [n for n in diff_plans(old, plan).not_like_for_like if "model" in n]
    assert said.startswith(
        f"the model that valued them differs: an unrecorded version (1 or 2) against version "
        f"{MODEL_VERSION}"
    )
    assert not [n for n in diff_plans(plan, plan).not_like_for_like if "model" in n]
