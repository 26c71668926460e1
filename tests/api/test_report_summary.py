"""Issue 15: the executive summary at the top of the HTML report (recommendation, cost beside
obligation, $/M against each baseline, risks) prints on one A4 page, and report.pdf is that
HTML printed by WeasyPrint."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer.explain import STALE_DAYS
from service.reports import build_report, money, rate, render_report
from service.reports.cells import shown
from service.reports.risks import SHOWN
from tests.documents import printed
from tests.golden import golden_plan, golden_report


def _pages(html: str) -> dict[str, int]:
    """The page (from 0) of each element with an id, as WeasyPrint lays the page out."""
    document = printed(html)
    return {anchor: n for n, page in enumerate(document.pages) for anchor in page.anchors}


def _to_details(html: str) -> str:
    """The report up to its details heading. Pages fill from the top, so what comes before
    is laid out as in the whole report, and the heading lands where the details start;
    the detail tables after it were most of the 3-5 s a whole report takes to lay out."""
    start = html.find("<h2 id=details>")
    return html if start < 0 else html[: html.index("</h2>", start) + 5] + "</body></html>"


@pytest.mark.parametrize(
    "name", ["growing-power-capped", "portfolio-three-models", "infeasible-power-cap"]
)
def test_the_executive_summary_is_the_first_printed_page_alone(name: str) -> None:
    """Printed (A4, the page's print CSS), the summary starts on page 1 and the details on
    page 2: the summary fits one page and nothing else shares it."""
    html = golden_report(name, "html")
    assert isinstance(html, str)
    pages = _pages(_to_details(html))
    assert pages["summary"] == 0
    assert pages.get("details", 1) == 1


def test_the_summary_shows_cost_obligation_baselines_and_risks() -> None:
    """The portfolio plan's summary: cost, obligation and cash side by side in the cards, each
    baseline's $/M beside the plan's, and its risks by kind: the late commitments with what
    each owes after the horizon, and the prices older than STALE_DAYS with their dates."""
    plan = golden_plan("portfolio-three-models")
    s = plan.summary
    assert s is not None
    report = build_report(plan, default_catalog())
    cards = {label: shown(cell) for label, cell in report.headline}
    assert cards["total cost (demand_continues)"] == money(s.total_cost, "USD")
    assert cards["total obligation (new contracts and on-demand use)"] == money(
        s.total_obligation, "USD"
    )
    assert plan.npv is not None
    # Cash, not the amortised cost: upfront payments leave in the horizon.
    assert cards["cash paid in the horizon"] == money(plan.npv.cash_in_horizon, "USD")
    assert plan.npv.cash_in_horizon > s.total_cost
    table = report.baselines_summary
    assert [c.label for c in table.columns] == [
        "baseline",
        "baseline $/M tokens + tail",
        "plan $/M tokens + tail",
        "vs plan",
    ]
    assert [shown(row[0]) for row in table.rows] == [b.strategy for b in plan.baselines]
    risks = dict(report.risks)
    late = [c for c in plan.commitments if not c.existing and c.obligation_beyond_horizon > 0.005]
    owed: dict[str, float] = {}
    for c in late:
        owed[c.offer_id] = owed.get(c.offer_id, 0.0) + c.obligation_beyond_horizon
    # One line per offer, largest debt first, with the sum of its contracts' debts.
    assert len(risks["late commitments"]) == len(owed) > 0
    first = max(owed, key=lambda o: owed[o])
    assert risks["late commitments"][0].startswith(f"{first}: ")
    assert money(owed[first], "USD") in risks["late commitments"][0]
    stale = risks[f"prices older than {STALE_DAYS} days"]
    assert any(item.startswith("onprem-b200 (as of 2026-04-03") for item in stale)
    html = golden_report("portfolio-three-models", "html")
    assert isinstance(html, str)
    summary = html[: html.index("id=details")]
    assert rate(s.cost_per_million_tokens) in summary and "Risks" in summary
    assert "estimates used" in summary and "late commitments" in summary


def test_a_plan_priced_on_estimates_lists_them_as_a_risk() -> None:
    """An offer whose price is an estimate, used by the plan, is named under 'estimates used'
    with its basis; the same plan on quoted, fresh prices lists none."""
    plan = golden_plan("seed-deepseek-r1")
    used = sorted({a.offer_id for m in plan.months for a in m.allocations})
    catalog = default_catalog()
    fresh = msgspec.structs.replace(
        catalog,
        offers=tuple(
            msgspec.structs.replace(o, price_basis="quote") if o.id in used else o
            for o in catalog.offers
        ),
    )
    estimated = msgspec.structs.replace(
        catalog,
        offers=tuple(
            msgspec.structs.replace(o, price_basis="estimate") if o.id == used[0] else o
            for o in catalog.offers
        ),
    )
    prices = [r for r in dict(build_report(plan, fresh).risks)["estimates used"] if "price" in r]
    assert prices == []
    risks = dict(build_report(plan, estimated).risks)["estimates used"]
    assert f"{used[0]} price (estimate)" in risks


def test_report_pdf_is_the_html_printed() -> None:
    """report.pdf is a PDF of the HTML report, its first page the summary's text."""
    plan = golden_plan("growing-power-capped")
    content, media_type, filename = render_report(plan, default_catalog(), "pdf")
    assert media_type == "application/pdf" and filename.endswith(".pdf")
    assert isinstance(content, bytes) and content.startswith(b"%PDF-")
    assert len(content) > 10_000


def test_a_plan_with_many_offers_and_contracts_still_prints_its_summary_on_one_page() -> None:
    """Hostile: the portfolio plan made to sign 60 late contracts on every offer of the
    catalog (all of them stale or estimated) still prints its summary alone on page 1: each
    risk names at most SHOWN items and counts the rest, late contracts are summed per offer,
    and the recommendation names at most five offers."""
    plan = golden_plan("portfolio-three-models")
    catalog = default_catalog()
    model = next(c for c in plan.commitments if c.obligation_beyond_horizon > 0)
    ids = [o.id for o in catalog.offers]
    # Each copy starts in the horizon's last two months, so it owes after it (its figures
    # are recomputed from its start and term: the report's cents, probe 12 finding 2).
    starts = (("2027-11", "2028-01"), ("2027-12", "2028-02"))
    many = tuple(
        msgspec.structs.replace(
            model, offer_id=ids[n % len(ids)], start=starts[n % 2][0], end=starts[n % 2][1]
        )
        for n in range(60)
    )
    plan = msgspec.structs.replace(plan, commitments=many)
    report = build_report(plan, catalog)
    risks = dict(report.risks)
    assert all(len(items) <= SHOWN for items in risks.values())
    late = risks["late commitments"]
    assert late[-1] == f"and {len(ids) - SHOWN + 1} more (see Commitments and obligations)"
    assert " in 3 contracts signed " in late[0] or " in 2 contracts signed " in late[0]
    assert f"on {len(ids)} offers (" in report.recommendation[1]
    assert f"{len(ids) - 4} more)" in report.recommendation[1]
    html = render_report(plan, catalog, "html")[0]
    assert isinstance(html, str)
    pages = _pages(_to_details(html))
    assert pages["summary"] == 0
    assert pages.get("details", 1) == 1
