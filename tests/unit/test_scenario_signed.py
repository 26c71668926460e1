"""A scenario plan's headline, summary table and CLI text say what is signed for every
scenario beside the shown scenario's total obligation, which also counts that scenario's own
on-demand months (review7a C: '10,374,760.00 total obligation' beside 'signs 0 commitments')."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from catalog import default_catalog
from service.reports import build_report
from service.reports.cells import Money
from service.reports.numbers import cents, money
from service.reports.obligation import OBLIGATION
from service.reports.signing import flexible_note
from service.reports.to_text import plan_text
from tests.golden import golden_plan


def test_a_scenario_plan_heads_with_what_every_scenario_signs() -> None:
    """Three-scenarios: the headline's obligation card is the shared commitments'
    obligation, the summary table keeps the shown scenario's total with the shared part
    beside it, and the CLI text prints it; both differ from the shown total."""
    golden = golden_plan("three-scenarios")
    assert golden.scenarios is not None and golden.summary is not None
    signed = float(cents(golden.scenarios.committed_obligation))
    # The shown scenario of the golden plan buys no month on demand: give it 1,000,000.00 of
    # them, as the probe's spike scenario had (its total then exceeds what is signed); the
    # report's obligation is its rows' cents (probe 13 finding 1b), so the month is a row.
    shown_total = float(cents(golden.summary.total_obligation + 1_000_000))
    summary = msgspec.structs.replace(golden.summary, total_obligation=shown_total)
    month = msgspec.structs.replace(
        golden.commitments[0],
        offer_id="nebius-b200-od",
        kind="on_demand",
        start="2027-06",
        end="2027-06",
        term_months=0,
        units=1.0,
        gpus=8.0,
        monthly_cost=1_000_000.0,
        total_obligation=1_000_000.0,
        obligation_in_horizon=1_000_000.0,
        obligation_beyond_horizon=0.0,
        payment_model="No Upfront",
    )
    commitments = (*golden.commitments, month)
    plan = msgspec.structs.replace(golden, summary=summary, commitments=commitments)
    report = build_report(plan, default_catalog())
    cards = dict(report.headline)
    assert "total obligation" not in cards
    assert cards["obligation signed for every scenario"] == Money(signed, "USD")
    rows = dict(report.summary)
    assert rows["base scenario's obligation (new contracts and on-demand use)"] == Money(
        shown_total, "USD"
    )
    assert rows["of which signed for every scenario"] == Money(signed, "USD")
    text = plan_text(report)
    assert f"signed for all      {money(signed, 'USD')}, the same in every scenario" in text


def test_a_plain_plan_keeps_its_total_obligation_card() -> None:
    """The seed (no scenarios): the card is its total obligation (in the cents of its
    requisition's lines, the same as the JSON's here), no shared row or line."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.summary is not None
    report = build_report(plan, default_catalog())
    cards = dict(report.headline)
    assert cards[OBLIGATION] == Money(20_072_033.28, "USD")
    assert cents(plan.summary.total_obligation) == Decimal("20072033.28")
    assert "of which signed for every scenario" not in dict(report.summary)
    assert "signed for all" not in plan_text(report)


def test_the_requisition_note_of_a_plan_that_signs_nothing_says_so() -> None:
    """The requisition's scenario note speaks of 'these lines' only where there are lines: a
    scenario plan with no commitment of a term beyond one month says it has none (review 7b)."""
    plan = golden_plan("three-scenarios")
    assert "these lines are its commitments" in flexible_note(plan)
    bare = msgspec.structs.replace(plan, commitments=())
    note = flexible_note(bare)
    assert "it signs no commitment with a term beyond one month, so there is no line" in note
    assert "these lines" not in note
