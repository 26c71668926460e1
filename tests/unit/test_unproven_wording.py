"""Probe 4 finding 6: a plan not proven optimal says whether a cancel or the time limit
stopped the search, and phrases its gap as what it may cost against the best bound, in its
warning and first in its lead (golden plans, no solver)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Plan, unproven
from optimizer.phases import Clock, listening
from service.reports import build_report, render_report
from service.reports.to_text import plan_text
from tests.golden import golden_plan


def test_a_gap_reads_as_how_much_more_the_plan_may_cost() -> None:
    """Gap = (cost - bound) / cost: 94.44% means up to 18.0x the bound (not "within 94.44%"),
    1% up to 1.01% more; no gap, or one of 100% or more, says what it cannot tell."""
    said = unproven(0.9444, cancelled=True)
    assert said == (
        "the search was cancelled before optimality was proven: the plan may cost up to 18.0x "
        "the best possible (gap 94.44%)"
    )
    assert "within" not in said
    small = unproven(0.01, cancelled=False)
    assert small.startswith("the time limit ended the search before optimality was proven")
    assert "may cost up to 1.01% more than the best possible (gap 1.00%)" in small
    assert unproven(None, cancelled=False).endswith("is unknown")
    assert "any multiple" in unproven(1.0, cancelled=True)


def _cancelled() -> Plan:
    """The portfolio plan as a cancel leaves it: feasible at a 94.44% gap."""
    plan = golden_plan("portfolio-three-models")
    assert plan.solver is not None
    solver = msgspec.structs.replace(plan.solver, gap=0.9444, cancelled=True)
    return msgspec.structs.replace(plan, status="feasible", solver=solver)


def test_a_cancelled_plan_says_so_first_in_every_format() -> None:
    """The recommendation, report.md, report.html and the CLI text open with the cancel and
    the 18.0x bound, before what the plan signs."""
    plan = _cancelled()
    report = build_report(plan, default_catalog())
    first = report.recommendation[0]
    assert first.startswith("The search was cancelled before optimality was proven")
    assert "may cost up to 18.0x the best possible" in first
    assert report.recommendation[-1].startswith("It signs ")
    for fmt in ("md", "html"):
        text = render_report(plan, default_catalog(), fmt)[0]
        assert isinstance(text, str)
        assert text.index("may cost up to 18.0x") < text.index("It signs ")
    text = plan_text(report).splitlines()
    assert text[1] == first


def test_a_proven_plan_has_no_caveat() -> None:
    """An optimal plan's lead starts with what it serves, as before."""
    report = build_report(golden_plan("portfolio-three-models"), default_catalog())
    assert report.caveat == ""
    assert not report.recommendation[0].startswith(("The search", "The time limit"))


def test_plans_stored_before_the_cancel_flag_decode_as_not_cancelled() -> None:
    """A stored plan without `solver.cancelled` decodes with False: a time limit."""
    raw = msgspec.to_builtins(_cancelled())
    del raw["solver"]["cancelled"]
    old = msgspec.convert(raw, Plan)
    assert old.solver is not None and old.solver.cancelled is False
    assert build_report(old, default_catalog()).caveat.startswith("The time limit ended")


def test_the_planner_remembers_a_progress_callback_that_asked_to_stop() -> None:
    """A plan's solve callback passes each tick on; a True from it (a cancel) stops the plan's
    clock, and every later call then says stop (probe 10 finding 2: it said so once); without a
    callback nor a cancel to hear there is none."""
    answers = iter([False, True, False])
    heard: list[float] = []

    def told(seconds: float, incumbent: float, bound: float) -> bool:
        heard.append(seconds)
        return next(answers)

    clock = Clock(60.0)
    relay = listening(clock, told)
    assert relay is not None
    assert relay(0.1, 10.0, 1.0) is False and not clock.stopped
    assert relay(0.2, 9.0, 1.0) is True and clock.stopped and clock.expired
    assert relay(0.3, 9.0, 1.0) is True and heard == [0.1, 0.2, 0.3]
    assert listening(Clock(60.0)) is None
