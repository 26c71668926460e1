"""Objective `power` in the plan and its reports (probe 13 finding 6): the seed solved for power
drew 0.7263 MW in its first month and 0.4536 after, more in every horizon figure than its
best_single_offer baseline (0.4536 every month), and no report said it had minimised power nor
showed the MW-months it minimised (horizon + tail), for the plan or any baseline."""

from __future__ import annotations

import csv
import io
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import POWER_SLACK, Options, Plan, PlanRequest, Scenario, make_plan, phases
from optimizer.assembly import Assembler
from optimizer.solver import Model, Solution
from service.reports import build_report, plan_text, rate, render_report
from service.reports.cells import shown
from service.reports.numbers import decimal_text
from service.reports.tables import ALLOCATION_COLUMNS
from tests import tiny
from tests.documents import printed, workbook
from tests.golden import golden_plan
from tests.paths import EXAMPLES

Solved = tuple[Plan, list[tuple[Model, Solution]]]


@pytest.fixture(scope="module")
def seed_power() -> Solved:
    """examples/seed-deepseek-r1.json with objective power (`demand_continues`, the default),
    and every solve its steps and baselines ran, in order (the first: the plan's least-power
    step)."""
    body = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    body["objective"] = "power"
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    solves: list[tuple[Model, Solution]] = []
    solve = phases.solve

    def spy(model: Model, **kw: Any) -> Solution:
        found = solve(model, **kw)
        solves.append((model, found))
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phases, "solve", spy)
        plan = make_plan(default_catalog(), request, request.forecast, plan_id="plan_power")
    return plan, solves


def _pages(html: str) -> dict[str, int]:
    """The page (from 0) of each element with an id of the report up to its details heading,
    as WeasyPrint prints it (tests/api/test_report_summary.py, which checks the goldens)."""
    start = html.find("<h2 id=details>")
    html = html[: html.index("</h2>", start) + 5] + "</body></html>"
    document = printed(html)
    return {anchor: n for n, page in enumerate(document.pages) for anchor in page.anchors}


def _solved(plan: Plan) -> list[Any]:
    return [b for b in plan.baselines if b.status in ("optimal", "feasible")]


def test_the_mw_months_are_the_power_the_model_minimised(seed_power: Solved) -> None:
    """`summary.mw_months` is the power term of the model: on the least-power step's solution
    the Assembler's MW-months are HiGHS's objective (kW-months of the new units, every tail
    block its months; the seed owns nothing already), which the plan states
    (`solver.power.least_mw_months`); the plan, the cheapest within 0.1% of it, draws between
    that and 0.1% more (the row's 1e-6 kW-months of tolerance beside); its horizon part is
    the sum of its months' MW and the tail's the rest. The seed draws 27.22 MW-months (the
    least), 21.77 of them in the 48-month tail: its racks from January, renewed in the tail
    (31.59 before renewals, its racks signed in February)."""
    plan, solves = seed_power
    model, least = solves[0]
    assert dict(model.problem.objective.items()) == model.formulation.power_terms  # power step
    assert least.objective is not None and least.objective > 0
    drawn = Assembler(model.instance, least).mw_months()
    assert drawn * 1000 == pytest.approx(least.objective, rel=1e-9)
    s, tail = plan.summary, plan.tail
    assert s is not None and s.mw_months is not None
    assert tail is not None and tail.mw_months is not None
    assert plan.solver is not None and plan.solver.power is not None
    assert plan.solver.power.least_mw_months == pytest.approx(drawn, rel=1e-9)
    assert drawn - 1e-9 <= s.mw_months <= drawn * (1 + POWER_SLACK) + 1e-8
    assert s.mw_months - tail.mw_months == pytest.approx(sum(m.mw for m in plan.months), rel=1e-12)
    assert (round(s.mw_months, 2), round(tail.mw_months, 2), round(drawn, 2)) == (
        27.22,
        21.77,
        27.22,
    )
    assert s.average_mw * 12 == pytest.approx(5.443, abs=1e-3)  # 12 x 0.4536


def test_no_baseline_draws_fewer_mw_months_than_the_power_plan(seed_power: Solved) -> None:
    """Every baseline solved (with the plan's objective, power) carries its MW-months over
    horizon + tail, the plan's beside them and the difference; none draws fewer than the
    least the plan's first step found (a baseline is a plan restricted to its offers), so
    none fewer than the plan's less 0.1%; the seed's draw no fewer than the plan's at all
    (best_single_offer as many: 0.4536 MW from January, as the plan's racks draw)."""
    plan, _ = seed_power
    s = plan.summary
    assert s is not None and s.mw_months is not None
    assert plan.solver is not None and plan.solver.power is not None
    least = plan.solver.power.least_mw_months
    assert least is not None
    solved = _solved(plan)
    assert {b.strategy for b in solved} >= {"cheapest_gpu_hour", "best_single_offer"}
    for b in solved:
        assert b.mw_months is not None and b.plan_mw_months == s.mw_months
        assert b.compared_on == "horizon_and_tail"
        assert b.diff_mw_months == pytest.approx(b.mw_months - s.mw_months, abs=1e-12)
        assert least <= b.mw_months * (1 + 1e-12), b.strategy
        assert s.mw_months <= b.mw_months * (1 + POWER_SLACK), b.strategy
        assert s.mw_months <= b.mw_months * (1 + 1e-12), b.strategy
    single = next(b for b in solved if b.strategy == "best_single_offer")
    assert single.average_mw is not None and single.average_mw == pytest.approx(s.average_mw)


def test_a_power_plans_report_states_its_objective_and_compares_mw_months(
    seed_power: Solved,
) -> None:
    """The Markdown opens (after the accounting) with the objective and the MW-months drawn,
    horizon and tail apart, and compares the baseline drawing the least on MW-months first;
    the summary, the baselines table (MW-months of plan and baseline, `vs plan` on them), the
    HTML, the workbook, report.csv and the CLI all carry the figures."""
    plan, _ = seed_power
    s, tail = plan.summary, plan.tail
    assert s is not None and s.mw_months is not None
    assert tail is not None and tail.mw_months is not None
    catalog = default_catalog()
    md = str(render_report(plan, catalog, "md")[0])
    inside, outside = rate(s.mw_months - tail.mw_months), rate(tail.mw_months)
    assert plan.solver is not None and plan.solver.power is not None
    least = plan.solver.power.least_mw_months
    objective = (
        f"Objective power: the plan draws {rate(s.mw_months)} MW-months over horizon + tail "
        f"({inside} in the horizon, {outside} after), within 0.1% of the least the demand "
        f"allows ({rate(least)}), and is the cheapest such plan, at "
        f"{rate(s.cost_per_million_tokens)} USD per million tokens ("
    )
    lead = md.splitlines()[4]
    assert lead.startswith(objective)
    assert (
        "over the 48-month tail); the baseline drawing the least (best_single_offer) draws as "
        "many MW-months at the same cost per token over horizon + tail. It signs "
    ) in lead
    said = "power: the least MW-months, then the cheapest plan within 0.1% of them"
    assert f"| objective | {said} |" in md
    assert f"| MW-months + tail | {rate(s.mw_months)} |" in md
    assert f"| of which in the tail | {rate(tail.mw_months)} |" in md
    assert f"| least MW-months + tail | {rate(least)} |" in md
    report = build_report(plan, catalog)
    page = report.baselines_shown
    for b, row in zip(plan.baselines, page.rows, strict=True):
        cells = {label: str(cell.value) for label, cell in zip(page.labels, row, strict=True)}
        if b.mw_months is None:
            continue
        assert cells["baseline MW-months + tail"] == str(b.mw_months)
        assert cells["plan MW-months + tail"] == str(s.mw_months)
        assert cells["baseline average MW"] == str(b.average_mw)
        ratio = b.mw_months / s.mw_months - 1
        drawn = "as many MW-months" if ratio < 5e-5 else f"{ratio:.2%} more MW-months"
        assert cells["vs plan"].startswith(f"{drawn} over horizon + tail; ")
    summary = report.baselines_summary
    assert summary.labels == ["baseline", "MW-months", "vs plan"]
    assert [[shown(c) for c in row[1:]] for row in summary.rows] == [
        ["72.50", "166.40% more"],
        ["72.50", "166.40% more"],
        ["27.22", "as many"],
        ["-", "failed"],
    ]
    html = str(render_report(plan, catalog, "html")[0])
    assert f"<p class=lead>{objective}" in html
    heading = "MW-months (horizon + tail) and cost per million tokens against each baseline"
    assert f"<h2>{heading}</h2>" in html
    # Longer by its objective, the executive summary still prints on its own first page.
    pages = _pages(html)
    assert (pages["summary"], pages["details"]) == (0, 1)
    book = workbook(bytes(render_report(plan, catalog, "xlsx")[0]))
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["objective"] == said
    assert summary["MW-months + tail"] == pytest.approx(s.mw_months, rel=1e-12)
    assert summary["of which in the tail"] == pytest.approx(tail.mw_months, rel=1e-12)
    rows = list(book["Baselines"].iter_rows(values_only=True))
    sheet = [dict(zip(rows[0], r, strict=True)) for r in rows[1 : 1 + len(plan.baselines)]]
    for r, b in zip(sheet, plan.baselines, strict=True):
        if b.mw_months is None or b.diff_mw_months is None:  # best_api: no API eligible
            assert (r["baseline_mw_months"], r["diff_mw_months"]) == (None, None)
            continue
        assert r["baseline_mw_months"] == pytest.approx(b.mw_months, rel=1e-12)
        assert r["diff_mw_months"] == pytest.approx(b.diff_mw_months, abs=1e-12)
    lines = list(csv.DictReader(io.StringIO(str(render_report(plan, catalog, "csv")[0]))))
    assert {(r["plan_objective"], r["plan_mw_months"]) for r in lines} == {
        ("power", decimal_text(s.mw_months))
    }
    text = plan_text(report)
    assert f"objective           {said}" in text
    assert f"MW-months + tail    {rate(s.mw_months)}, of which {rate(tail.mw_months)}" in text


def test_a_cost_plans_report_gains_only_the_baselines_mw_column() -> None:
    """The seed solved for cost: no objective line, no MW-months anywhere in its pages, CSV
    or terminal text; its baselines table on the page gains one column, each baseline's
    average MW (DESIGN section 3), and its lead still compares cost per token."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.request.objective == "cost" and plan.summary is not None
    catalog = default_catalog()
    report = build_report(plan, catalog)
    assert report.baselines_shown.labels == [
        "baseline",
        "offers",
        "baseline cost",
        "plan cost",
        "baseline cost + tail",
        "plan cost + tail",
        "difference",
        "baseline average MW",
        "baseline $/M tokens + tail",
        "plan $/M tokens + tail",
        "vs plan",
    ]
    column = report.baselines_shown.labels.index("baseline average MW")
    assert [row[column].value for row in report.baselines_shown.rows] == [
        b.average_mw for b in plan.baselines
    ]
    assert report.baselines_summary.labels == [
        "baseline",
        "baseline $/M tokens + tail",
        "plan $/M tokens + tail",
        "vs plan",
    ]
    assert report.recommendation[0].startswith("The plan serves the forecast at ")
    assert "objective" not in dict(report.summary)
    for fmt in ("md", "html", "csv"):
        content = str(render_report(plan, catalog, fmt)[0])
        assert "MW-months" not in content and "Objective power" not in content, fmt
    header = next(csv.reader(io.StringIO(str(render_report(plan, catalog, "csv")[0]))))
    assert header == [*ALLOCATION_COLUMNS, "plan_status", "plan_gap"]
    assert "MW-months" not in plan_text(report) and "objective" not in plan_text(report)


def test_a_scenario_power_plans_report_says_its_least_is_expected() -> None:
    """Over two scenarios (the second at half the demand) the least power is an expectation,
    3.75 kW-months (5 of scenario a, 2.5 of b, half each): the summary and the lead call it the
    least expected MW-months, beside the shown scenario's own (a: 4 and 6 GPUs at 0.5 kW, 5
    kW-months), never as the least of the shown one, which draws more."""
    request = PlanRequest(
        forecast=tiny.forecast([4000.0, 6000.0], months=2),
        objective="power",
        options=Options(commitment_accounting="in_horizon", time_limit_s=10),
    )
    assert request.forecast is not None
    two = (Scenario(name="a", probability=0.5), Scenario(name="b", probability=0.5, scale=0.5))
    demand = msgspec.structs.replace(request.forecast, scenarios=two)
    offers = tiny.catalog(tiny.Spec("low", 3.0, kw_per_gpu=0.5), tiny.Spec("cheap", 1.0))
    plan = make_plan(offers, request, demand)
    assert plan.summary is not None and plan.summary.mw_months == pytest.approx(0.005)
    report = build_report(plan, offers)
    summary = {label: shown(cell) for label, cell in report.summary}
    assert summary["least expected MW-months"] == rate(0.00375)
    assert "least MW-months" not in summary
    assert report.recommendation[0] == (
        "Objective power: the plan draws within 0.1% of the least expected MW-months the demand "
        f"allows ({rate(0.00375)}), and is the cheapest such plan; its shown scenario draws "
        f"{rate(0.005)} MW-months over the 2-month horizon."
    )
