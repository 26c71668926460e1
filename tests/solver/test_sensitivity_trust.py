"""What a sensitivity's `verified` rests on (probe 13, findings 1 and 4): a target price is
verified only when every solver run its bracket rests on was proven, the plan's re-solve
included; a re-solve stopped on its time limit says so and proves nothing; a target whose offer
is bought only in the tail after the horizon says nothing signed changes at that price.

The time limit is made deterministic: the re-solves are the real ones, then reported as a run
stopped on its time limit would report them (status `feasible`, a gap of 3%): the same plans,
unproven. (A 1 s limit on examples/capex-budget-deepseek-r1.json left 36 of 56 responses so,
on a loaded machine, and every target `verified`.)"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from catalog import InvalidInput
from optimizer.plan import Plan
from optimizer.request import Options, PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import Sensitivity, SensitivityOptions
from optimizer.trials import Trial
from service.reports.sensitivity import markdown, table_text
from tests import tiny
from tests.solver.test_sensitivity import _plan, _two_offers

GAP = 0.03
PRICED = ("enters_below", "leaves_above")


def _stopping(
    monkeypatch: pytest.MonkeyPatch, stops: Callable[[dict[str, Any]], bool]
) -> list[int]:
    """Make the run's re-solves for which `stops(keyword arguments)` holds come back as if
    stopped on the time limit at their plan: `feasible`, gap `GAP`. Returns a list counting
    them."""
    module = sys.modules["optimizer.sensitivity_run"]
    real = module.run_trial
    stopped: list[int] = []

    def run_trial(*args: Any, **kwargs: Any) -> Trial:
        result: Trial = real(*args, **kwargs)
        if result.solution is None or result.status != "optimal" or not stops(kwargs):
            return result
        stopped.append(1)
        solution = dataclasses.replace(result.solution, status="feasible", achieved_gap=GAP)
        return dataclasses.replace(result, status="feasible", solution=solution)

    monkeypatch.setattr(module, "run_trial", run_trial)
    return stopped


def _is_base(kwargs: dict[str, Any]) -> bool:
    """The plan's re-solve: no price moved (`near` off), no demand scaled, nothing forced."""
    return not kwargs.get("near") and kwargs.get("scale", 1.0) == 1.0 and not kwargs.get("force")


def test_targets_resting_on_re_solves_stopped_unproven_are_not_verified(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every re-solve but the plan's stops unproven: no target is verified (each bracket has
    a re-solve at one end at least: B's check above, A's forced-out re-solve leaves no floor
    for certificates), each note names the run and its 3% gap, the responses re-solved say
    `feasible` with it, and the report says NOT VERIFIED and "not proven, gap 3.00%"."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    stopped = _stopping(monkeypatch, lambda kwargs: not _is_base(kwargs))
    result = sensitivity(catalog, plan, SensitivityOptions())
    assert stopped
    targets = {o.offer_id: o.target for o in result.offers}
    assert {t.kind for t in targets.values()} == set(PRICED)
    for target in targets.values():
        assert not target.verified, target
        assert not target.proven
        assert "stopped before proving its plan optimal (gap 3.00%)" in target.note
        checks = [c for c in (target.below, target.above) if c is not None]
        assert any(not c.proven and c.gap == GAP for c in checks)
    responses = [r for o in result.offers for r in o.responses if r.status == "feasible"]
    assert responses and all(r.gap == GAP for r in responses)
    assert result.base_status == "optimal"
    assert any("cost responses stopped on the time limit" in w for w in result.warnings)
    report = markdown(result)
    assert "NOT VERIFIED" in report and "not proven, gap 3.00%" in report
    assert "WARNING:" in table_text(result)


def test_an_unproven_re_solve_of_the_plan_verifies_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the plan's re-solve stops unproven: the run says so first (`base_status`
    `feasible`, `warnings`), and no target is verified, though every other run is proven:
    whether the plan buys each offer today is that re-solve's word."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    stopped = _stopping(monkeypatch, _is_base)
    result = sensitivity(catalog, plan, SensitivityOptions())
    assert len(stopped) == 1
    for offer in result.offers:
        assert not offer.target.verified and not offer.target.proven, offer.target
    assert result.base_status == "feasible" and result.base_gap == GAP
    assert result.warnings and "re-solve stopped on the time limit" in result.warnings[0]
    assert markdown(result).splitlines()[2].startswith("WARNING: The plan's re-solve stopped")


def test_a_re_solve_not_at_the_plans_cost_verifies_nothing() -> None:
    """A plan whose stored cost its re-solve does not reproduce (to its gap, 0 here): the
    run says both figures, and no target is verified on the re-solve."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    assert plan.summary is not None
    summary = msgspec.structs.replace(plan.summary, total_cost=plan.summary.total_cost - 100.0)
    result = sensitivity(catalog, msgspec.structs.replace(plan, summary=summary), _options())
    assert all(not o.target.verified for o in result.offers)
    assert result.base_cost == pytest.approx(2920.0) and result.plan_cost == pytest.approx(2820.0)
    assert any("costs 2,920.00, the plan 2,820.00" in w for w in result.warnings)


def _options() -> SensitivityOptions:
    return SensitivityOptions(steps=(0.1,))


def test_a_plan_not_proven_optimal_says_so_first() -> None:
    """A plan stopped at a gap of 5% (status `feasible`): the run says so before any figure;
    its re-solve proves the optimum, at the plan's cost, so the targets are still verified
    (they are the optimum's)."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    assert plan.solver is not None
    solver = msgspec.structs.replace(plan.solver, gap=0.05)
    unproven: Plan = msgspec.structs.replace(plan, status="feasible", solver=solver)
    result = sensitivity(catalog, unproven, _options())
    assert result.warnings[0].startswith("The plan was not proven optimal (status feasible, gap")
    assert "5.00%" in result.warnings[0]
    assert all(o.target.verified for o in result.offers)
    assert markdown(result).splitlines()[2].startswith("WARNING: The plan was not proven")


def test_a_time_limit_below_a_plans_least_is_refused_naming_it() -> None:
    """`time_limit_s` 1e-9 (accepted before, every re-solve stopped at once) is refused naming
    it; a run stored with it before the floor still decodes."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    options = msgspec.json.decode(b'{"time_limit_s": 1e-9}', type=SensitivityOptions)
    with pytest.raises(InvalidInput) as refused:
        sensitivity(catalog, plan, options)
    assert refused.value.errors[0].field == "time_limit_s"
    assert "at least 0.05 s" in refused.value.errors[0].message
    stored = Sensitivity(plan_id="p", status="done", created_at="", options=options)
    assert msgspec.json.decode(msgspec.json.encode(stored), type=Sensitivity) == stored


def _tail_only() -> tuple[Plan, Sensitivity]:
    """One month of 1,500 tok/s and a 6-month tail: the horizon buys two 1-GPU units of OD2
    ($5.5/GPU-h: 8,030), not one 8-GPU unit of OD ($5: 29,200); the tail values 1.5 GPUs a
    month and takes OD (5,475 a month against 6,022.50). OD leaves above $5.5 only in the
    tail; OD2 leaves above $20 in the horizon (one OD unit then costs less than two of it).
    (Before renewals a 3-month contract covered the horizon and two tail months, and the
    tail's other four were bought month to month; renewed, it covers the whole tail.)
    Fractional replicas: with whole ones the tail is valued in whole units too (probe 16a F1),
    and two OD2 units a month are cheaper there than one OD unit."""
    catalog = tiny.catalog(
        tiny.Spec(id="od", price=5.0, gpus_per_unit=8),
        tiny.Spec(id="od2", price=5.5),
    )
    request = PlanRequest(
        forecast=tiny.forecast(1500.0),
        options=Options(tail_months=6, gap=0.0, replicas="fractional"),
    )
    plan = _plan(catalog, request)
    return plan, sensitivity(catalog, plan, SensitivityOptions())


def test_a_target_in_the_tails_valuation_only_says_so() -> None:
    """OD's target moves only the tail's valuation: `in_horizon` false and the note and the
    report say nothing signed in the horizon changes; OD2's is in the horizon."""
    plan, result = _tail_only()
    assert plan.summary is not None and plan.summary.lifetime_cost == pytest.approx(40_880.0)
    targets = {o.offer_id: o.target for o in result.offers}
    expected = {"od": ("leaves_above", 5.5, False), "od2": ("leaves_above", 20.0, True)}
    for offer_id, (kind, price, signed) in expected.items():
        target = targets[offer_id]
        assert target.kind == kind and target.verified, target
        assert target.price == pytest.approx(price, rel=0.02)
        assert target.in_horizon is signed
    assert targets["od"].note.startswith(
        "leaves only the valuation of demand after the horizon above 5.5"
    )
    assert targets["od"].note.endswith("nothing signed in the horizon changes at that price")
    assert targets["od2"].note == ""
    report = markdown(result)
    assert "| od | V | yes | 5.000 | per GPU-hour | leaves only the valuation of demand after " in (
        report
    )
    assert "| od2 | V | yes | 5.500 | per GPU-hour | leaves above 20.00 |" in report


def test_a_run_stored_before_the_proofs_were_checked_says_so() -> None:
    """A run decoded from a store written before this check has `proofs_checked` false: its
    report says first that a target may be called verified on an unproven re-solve."""
    old = msgspec.json.decode(
        b'{"plan_id":"p","status":"done","created_at":"","base_cost":1.0}', type=Sensitivity
    )
    assert not old.proofs_checked
    assert markdown(old).splitlines()[2].startswith("WARNING: Stored before a target's proofs")
    catalog, request = _two_offers()
    assert sensitivity(catalog, _plan(catalog, request), _options()).proofs_checked


def test_never_enters_names_the_lowest_price_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search that stops halving before 1% of the price (its widenings ran out: on the
    probe's unproven portfolio run, from a Newton check far above today's price, the last at
    6.678 for an offer at 6.88) says the lowest price it tried, not "even at 1%". Here B
    ($5, enters below $4 by hand) with no Newton step and no widening: only today's check."""
    module = sys.modules["optimizer.price_search"]
    monkeypatch.setattr(module, "MAX_NEWTON", 0)
    monkeypatch.setattr(module, "MAX_WIDENINGS", 0)
    catalog, request = _two_offers()
    result = sensitivity(catalog, _plan(catalog, request), _options())
    b = next(o for o in result.offers if o.offer_id == "b").target
    assert b.kind == "never_enters" and b.note == "not bought at 5, the lowest price tried"
    assert b.above is not None and b.above.price == pytest.approx(5.0)


def test_changes_are_measured_against_the_plan_when_its_re_solve_stops_dearer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Probe 13b: the plan's re-solve stopped unproven far above the plan's own cost, and
    every response, itself at the plan's cost, showed that whole difference as its change.
    Here the plan's stored cost is 100 below its re-solve (2,920), which stops unproven: the
    changes are measured against the plan's 2,820, `base_cost` says so, and a warning too."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    assert plan.summary is not None
    summary = msgspec.structs.replace(plan.summary, total_cost=plan.summary.total_cost - 100.0)
    _stopping(monkeypatch, _is_base)
    result = sensitivity(catalog, msgspec.structs.replace(plan, summary=summary), _options())
    assert result.base_status == "feasible" and result.base_cost == pytest.approx(2820.0)
    assert any("measured against the plan's own cost, 2,820.00" in w for w in result.warnings)
    for response in (r for o in result.offers for r in o.responses):
        assert response.cost is not None and response.cost_change is not None
        assert response.cost_change == pytest.approx(response.cost - 2820.0, abs=1e-6)
