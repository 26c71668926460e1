"""Issue 15: two plans side by side, Infracost style (GET /plans/{a}/diff/{b}, `tokenplan
diff A B`): every number before, after and the difference, in JSON, Markdown and HTML."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.cli import main
from service.plan_diff import diff_plans, render_diff
from service.reports import money
from tests.golden import GOLDEN, golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
SEED, GROWING = "seed-deepseek-r1", "growing-power-capped"


def test_a_plan_against_itself_changes_nothing() -> None:
    """Every difference of a plan against itself is 0."""
    plan = golden_plan(GROWING)
    d = diff_plans(plan, plan)
    assert all(c.diff == 0 for c in (*d.totals, *d.fleet, *d.workloads) if c.diff is not None)


def test_the_diff_carries_each_number_of_both_plans() -> None:
    """Total cost and obligation differences are the plans' own; each offer's GPU-months are
    its allocations' GPUs summed over the months (0 where a plan does not use it); a workload
    only one plan has has no difference."""
    a, b = golden_plan(SEED), golden_plan(GROWING)
    assert a.summary is not None and b.summary is not None
    d = diff_plans(a, b)
    totals = {c.label: c for c in d.totals}
    assert totals["total cost"].diff == b.summary.total_cost - a.summary.total_cost
    owed = totals["total obligation (new commitments)"]
    assert (owed.before, owed.after) == (a.summary.total_obligation, b.summary.total_obligation)
    fleet = {c.label: c for c in d.fleet}
    gpus = sum(x.gpus for m in b.months for x in m.allocations if x.offer_id == "onprem-b200")
    assert fleet["onprem-b200"].after == gpus and fleet["onprem-b200"].before == 0.0
    assert fleet["onprem-b200"].percent is None
    only = [c for c in d.workloads if c.before is None or c.after is None]
    assert only and all(c.diff is None for c in only)
    md = render_diff(d, "md")
    assert isinstance(md, str)
    diff = totals["total cost"].diff or 0.0
    assert f"| total cost | {money(a.summary.total_cost, 'USD')} |" in md
    sign = "+" if diff > 0 else ""  # either plan may be the dearer
    assert f"| {sign}{money(diff, 'USD')} (" in md


async def test_diff_route_answers_json_markdown_and_html(client: Client, db_path: str) -> None:
    """GET /plans/{a}/diff/{b} in each format; an unknown format is a 422 naming `format`,
    an unknown plan a 404."""
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
    assert_problem(await client.get(url, params={"format": "pdf"}), 422, "format")
    assert_problem(await client.get(f"/plans/{a.id}/diff/plan_nope"), 404)


def test_cli_diff_reads_plan_files(capsys: pytest.CaptureFixture[str]) -> None:
    """`tokenplan diff A.json B.json` prints the Markdown diff."""
    code = main(["diff", str(GOLDEN / f"{SEED}.json"), str(GOLDEN / f"{GROWING}.json")])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("# Plan plan_growing-power-capped against plan plan_seed-deepseek-r1")
