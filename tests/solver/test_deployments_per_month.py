"""Probe 11 finding 1: with whole replicas one deployment per (offer, workload) is chosen at
the peak month, so a month of little demand may run on a large replica's units; the plan now
names such months, with the units against the units and what switching there frees, and is
"optimal for the deployments chosen", never a bare "optimal". Review 11: also a month the large
replica pushed onto another offer (A), and never a month whose units are held anyway (C)."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from catalog import Catalog, Point, default_catalog
from optimizer import Options, Plan, PlanRequest, make_plan, status_said
from optimizer.request import Existing
from tests.tiny import DAY, Spec, catalog, forecast

HOURS = 730


def _point(per_gpu: float, deployment: str, gpus_per_replica: int) -> Point:
    return Point(
        interactivity=100,
        throughput_per_gpu=per_gpu,
        deployment=deployment,
        gpus_per_replica=gpus_per_replica,
        basis="measured",
        source="test",
        measured_on=DAY,
    )


def _two_deployments(
    term_months: int = 0, min_units: int | None = None, other: Spec | None = None
) -> Catalog:
    """Offer `o`: 1-GPU units at $1/GPU-h; `big` runs 8-GPU replicas at 2,000 tok/s/GPU,
    `small` 1-GPU replicas at 1,000 (and `other`, an offer of one deployment, if given)."""
    o = Spec(id="o", price=1.0, term_months=term_months, min_units=min_units)
    base = catalog(o, *([other] if other else []))
    points = (_point(2000, "big", 8), _point(1000, "small", 1))
    profile = msgspec.structs.replace(base.profiles[0], points=points)
    return msgspec.structs.replace(base, profiles=(profile, *base.profiles[1:]))


def _plan(
    cat: Catalog,
    tokens_per_second: list[float],
    replicas: Literal["whole", "fractional"] = "whole",
    existing: tuple[Existing, ...] = (),
) -> Plan:
    """The plan of `tokens_per_second` (one a month) at 50 tok/s/user, in_horizon."""
    options = Options(commitment_accounting="in_horizon", replicas=replicas)
    request = PlanRequest(
        forecast=forecast(tokens_per_second, len(tokens_per_second)),
        options=options,
        existing=existing,
    )
    assert request.forecast is not None
    return make_plan(cat, request, request.forecast)


def _cost(plan: Plan) -> float:
    assert plan.summary is not None
    return plan.summary.total_cost


def test_a_small_month_on_the_peak_deployment_is_named_with_what_it_frees() -> None:
    """500 then 16,000 tok/s: `big` serves the peak on 8 units (`small`: 16), so month one
    runs 500 tok/s on 8 units where `small` takes 1; switching frees 7 * 730 = 5,110.00. By
    hand: the two months planned apart cost 730 + 5,840, the plan's 11,680 less 5,110."""
    cat = _two_deployments()
    plan = _plan(cat, [500.0, 16_000.0])
    assert plan.summary is not None and plan.summary.total_cost == pytest.approx(2 * 8 * HOURS)
    [said] = [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert "serves w on one deployment (big)" in said
    assert "deployment small of the same offer" in said and "(2027-01: 8 against 1)" in said
    assert "the rest of the plan unchanged, frees units worth 5,110.00 USD" in said
    apart = sum(_cost(_plan(cat, [v])) for v in (500.0, 16_000.0))
    assert apart == pytest.approx(plan.summary.total_cost - 5_110.0)
    assert plan.status == "optimal" and plan.solver is not None
    assert plan.solver.optimal_for == "the deployments chosen"
    assert status_said(plan) == "optimal for the deployments chosen"


def test_a_contract_is_said_not_to_be_bounded() -> None:
    """The same on a 12-month contract: its units are not freed month by month, and the
    warning says it bounds nothing rather than quoting a saving."""
    plan = _plan(_two_deployments(term_months=12), [500.0, 16_000.0])
    [said] = [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert "o is a 12-month contract whose units are not freed month by month" in said
    assert "frees units worth" not in said


def test_no_such_month_no_warning_and_a_bare_status() -> None:
    """Flat 16,000 tok/s, or fractional GPUs: nothing to say, the status is plain."""
    for plan in (
        _plan(_two_deployments(), [16_000.0, 16_000.0]),
        _plan(_two_deployments(), [500.0, 16_000.0], replicas="fractional"),
    ):
        assert not [w for w in plan.warnings if w.startswith("whole replicas: ")]
        assert plan.solver is not None and plan.solver.optimal_for == ""
        assert status_said(plan) == plan.status == "optimal"


def test_the_probes_aws_case_is_warned() -> None:
    """The probe's aws_grow: 5,000 then 5,000,000 tok/s of deepseek-r1-0528 1k/1k at 50 on
    AWS: month one ran 9 aws-p5en-h200 nodes (one 72-GPU replica) where sglang TP8 takes 2;
    the 7 nodes freed are worth 7 * 8 * 7.912 * 730 = 323,442.56. A cheaper month one runs on
    aws-p6-b200 (review 11 A), which its peak deployment took 6 nodes for: that is named too."""
    body = {
        "forecast": {
            "name": "dep",
            "start": "2027-01",
            "months": 2,
            "workloads": [
                {
                    "id": "w",
                    "model": "deepseek-r1-0528",
                    "isl": 1024,
                    "osl": 1024,
                    "slo": {"min_interactivity": 50},
                    "tokens_per_second": [5000, 5000000],
                    "vendors": ["AWS"],
                }
            ],
        },
        "options": {"commitment_accounting": "in_horizon"},
    }
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    [said] = [w for w in plan.warnings if w.startswith("whole replicas: aws-p5en-h200 ")]
    assert "(2027-01: 9 against 2)" in said and "frees units worth 323,442.56 USD" in said
    [whole] = [w for w in plan.warnings if "a month's whole demand" in w]
    assert "w on aws-p6-b200 in 2027-01: " in whole and " 6 against sglang " in whole
    assert status_said(plan) == "optimal for the deployments chosen"


def test_a_month_pushed_onto_another_offer_is_named() -> None:
    """Review 11 A: with `p` at $1.50 beside `o`, month one (500 tok/s) goes to `p` (1 unit,
    1,095) since `big` takes 8 of `o`'s; `small` would take 1 (730). The plan (6,935) is
    optimal for its deployments only: the months planned apart cost 730 + 5,840 = 6,570."""
    cat = _two_deployments(other=Spec(id="p", price=1.5, vendor="P"))
    plan = _plan(cat, [500.0, 16_000.0])
    assert _cost(plan) == pytest.approx(HOURS * 1.5 + 8 * HOURS)
    [said] = [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert "w on o in 2027-01: big 8 against small 1" in said
    assert "by an amount this check does not bound" in said
    assert status_said(plan) == "optimal for the deployments chosen"
    apart = sum(_cost(_plan(cat, [v])) for v in (500.0, 16_000.0))
    assert apart == pytest.approx(6_570.0) and apart < _cost(plan)


def test_units_held_anyway_free_nothing() -> None:
    """Review 11 C: with `min_units` 8 on `o`, month one holds 8 units whatever the
    deployment, so the plan (11,680) is optimal month by month (5,840 each planned apart):
    no warning, a bare status."""
    cat = _two_deployments(min_units=8)
    plan = _plan(cat, [500.0, 16_000.0])
    assert _cost(plan) == pytest.approx(2 * 8 * HOURS)
    assert not [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert status_said(plan) == plan.status == "optimal"
    assert sum(_cost(_plan(cat, [v])) for v in (500.0, 16_000.0)) == _cost(plan)


def test_existing_units_free_nothing() -> None:
    """Review 11 C, existing units: 8 units of `o` already signed for both months hold month
    one's 500 tok/s on `big` at no extra cost (the plan adds 8 units in month two only), so no
    month is named and the status is bare."""
    signed = (Existing(offer_id="o", units=8, start="2027-01", term_months=2),)
    plan = _plan(_two_deployments(), [500.0, 16_000.0], existing=signed)
    assert not [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert status_said(plan) == plan.status == "optimal"


def test_a_contract_running_through_the_month_frees_nothing() -> None:
    """Review 11 C, a contract's units: 16,000, 500, 16,000 tok/s on a 12-month contract of
    `o`: the 8 units signed in month one run through month two, so its 500 tok/s on `big`
    cost nothing more and no month is named."""
    plan = _plan(_two_deployments(term_months=12), [16_000.0, 500.0, 16_000.0])
    assert [(c.start, c.units) for c in plan.commitments] == [("2027-01", 8.0)]
    assert not [w for w in plan.warnings if w.startswith("whole replicas: ")]
    assert status_said(plan) == plan.status == "optimal"
