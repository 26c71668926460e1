"""The target-price checks made without a plain re-solve of their own: certificates
(`optimizer.certificates`) against plain re-solves and a brute force, joint checks
(`optimizer.joint_checks`) against a plain re-solve of each offer alone."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from catalog.errors import InvalidInput
from optimizer.certificates import certificate
from optimizer.direct import solve_direct
from optimizer.instance import Instance, prepare
from optimizer.price_curve import Point, PriceCurve, floor_of, line_of
from optimizer.request import Existing, Options, PlanRequest
from optimizer.starts import Starts, like_offers
from optimizer.target_price_result import PriceCheck
from optimizer.trials import Lever, forced_model, narrowed, run_trial
from tests import tiny
from tests.bruteforce import brute_force
from tests.profiles import examples
from tests.solver.test_sensitivity_proofs import _lever, _run
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _three_alike() -> tuple[Catalog, PlanRequest]:
    """A ($2), B ($3) and C ($3.50), alike but for price: 2,000 tok/s takes two GPUs."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=3.0), tiny.Spec(id="c", price=3.5)
    )
    request = PlanRequest(
        forecast=tiny.forecast(2000.0),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    return catalog, request


def _plainly(instance: Instance, lever: Lever, check: PriceCheck) -> tuple[bool, float | None]:
    """Whether a plain re-solve (no gap) at `check`'s price buys the offer, and its cost;
    (False, None) when it stopped at the time limit (a loaded machine: nothing to compare)."""
    again = run_trial(lever.at(instance, check.price), time_limit=20, gap=0.0)
    if again.status != "optimal" or again.solution is None:
        return False, None
    return lever.bought(instance, again.solution), again.cost


def _best_without(catalog: Catalog, request: PlanRequest, offer_id: str, tail: int) -> float | None:
    """The brute force's least cost over plans without the offer, over the same `tail` as the
    plan's (the default tail is the longest term of the offers that serve: without the offer
    it could be shorter, and a shorter span costs less); None when none serves. An offer with
    an hourly price is kept at a million times it rather than dropped: dropped, the only
    month-to-month offer of a workload took its demand after the horizon out of the model
    (no month-to-month offer serves it then), and the plans without it looked cheaper than
    any plan can be (CI's derandomized profile: 730.00 against a certificate's valid
    2,898.10, where the best plan without the offer signs a second contract, 2,920.00)."""
    offers = tuple(
        msgspec.structs.replace(o, price_per_gpu_hour=o.price_per_gpu_hour * 1e6)
        if o.id == offer_id and o.price_per_gpu_hour is not None
        else o
        for o in catalog.offers
        if o.id != offer_id or o.price_per_gpu_hour is not None
    )
    if request.options.commitment_accounting == "demand_continues":
        options = msgspec.structs.replace(request.options, tail_months=tail)
        request = msgspec.structs.replace(request, options=options)
    try:
        return brute_force(msgspec.structs.replace(catalog, offers=offers), request)
    except InvalidInput:  # a workload only the offer serves
        return None


def test_checks_without_a_plain_re_solve_agree_with_plain_re_solves() -> None:
    """On A, B, C alike but for price, the plan buys A; B and C enter below $2 (level with
    A). C's check just above is the joint re-solve with B (both expected at $2) and its check
    just below a certificate; a plain re-solve at each price, C's alone, agrees: not bought
    above at the cost reported, bought below at no more than the certificate's cost."""
    ran = _run(*_three_alike())
    assert ran is not None
    instance, result = ran
    c = next(o for o in result.offers if o.offer_id == "c")
    below, above = c.target.below, c.target.above
    assert below is not None and above is not None
    assert (below.how, above.how) == ("certificate", "joint")
    # The certificate's plan, checked feasible below the bound, makes no solver run (sens21).
    assert result.solver_runs["joint"] == 1 and "certificate" not in result.solver_runs
    lever = _lever(instance, "c")
    takes, cost = _plainly(instance, lever, above)
    assert not takes and cost == pytest.approx(above.cost, abs=0.01)
    takes, cost = _plainly(instance, lever, below)
    assert takes and cost is not None and below.cost is not None
    assert cost <= below.cost + 0.01


@SETTINGS
@given(small_plans())
def test_a_certificate_beats_every_plan_without_the_offer(
    case: tuple[Catalog, PlanRequest],
) -> None:
    """Every check made by a certificate: a plain re-solve at its price buys the offer at no
    more than the certificate's cost, and the brute force without the offer (every plan
    that buys none of it, whatever its price) costs more than the certificate's plan."""
    catalog, request = case
    ran = _run(catalog, request)
    if ran is None:
        return
    instance, result = ran
    for offer in result.offers:
        check = offer.target.below
        if check is None or check.how != "certificate" or check.cost is None:
            continue
        takes, cost = _plainly(instance, _lever(instance, offer.offer_id), check)
        if cost is not None:
            assert takes and cost <= check.cost + 0.01
        held = any(e.offer_id == offer.offer_id for e in request.existing)
        if not held:  # an existing unit of the offer is no plan's to drop
            best_without = _best_without(catalog, request, offer.offer_id, instance.tail)
            assert best_without is None or best_without > check.cost - 0.01


@SETTINGS
@given(small_plans())
def test_a_joint_check_is_what_a_re_solve_of_the_offer_alone_finds(
    case: tuple[Catalog, PlanRequest],
) -> None:
    """Every check made by a joint re-solve: a plain re-solve at its price with every other
    price today's does not buy the offer, and costs what the check reports, to the cent."""
    ran = _run(*case)
    if ran is None:
        return
    instance, result = ran
    for offer in result.offers:
        check = offer.target.above
        if check is None or check.how != "joint":
            continue
        takes, cost = _plainly(instance, _lever(instance, offer.offer_id), check)
        if cost is not None:
            assert not takes and cost == pytest.approx(check.cost, abs=0.01)


def test_no_certificate_is_run_without_a_plan_below_the_bound() -> None:
    """Asked for a plan that buys C below a bound no plan meets (the cost of one GPU-month
    of A), `certificate` finds none among the plans known and makes no solver run."""
    catalog, request = _three_alike()
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    starts = Starts()
    base = run_trial(instance, time_limit=20, gap=0.0, starts=starts)
    assert base.cost == pytest.approx(2920.0, abs=0.01)
    runs: list[int] = []
    found = certificate(
        instance, _lever(instance, "c"), starts, 1460.0, 20.0, lambda: runs.append(1)
    )
    assert found is None and runs == []


def test_a_certificate_is_the_plan_its_check_found_feasible() -> None:
    """Below a bound it beats by more than a feasibility tolerance, the plan that buys C (A's
    two GPUs moved to C) is the certificate as `Starts.best` checked it, with no solver run;
    the solver run that used to follow (its whole columns fixed, the rest solved by HiGHS)
    finds it feasible at the same cost to the cent, and a plain re-solve with C at a price
    where that plan beats every plan without it buys C. Within the tolerance of the bound,
    the solver run is made."""
    catalog, request = _three_alike()
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    starts = Starts()
    run_trial(instance, time_limit=20, gap=0.0, starts=starts)
    c = _lever(instance, "c")
    runs: list[int] = []
    found = certificate(instance, c, starts, 1e9, 20.0, lambda: runs.append(1))
    assert found is not None and found.cost is not None and found.solution is not None
    assert runs == []
    assert found.cost == pytest.approx(2 * 3.5 * 730, abs=0.01)  # A's two GPUs moved to C
    made = forced_model(narrowed(instance, c, "in"), (c, "in"))
    assert made is not None
    model = made[0]
    start = starts.best(model.sink, into=c.index, like=like_offers(instance, c.index))
    assert start is not None
    for j, whole in enumerate(model.sink.integer):
        if whole:
            model.sink.lower[j] = model.sink.upper[j] = round(float(start[j]))
    solved = solve_direct(model, time_limit=20.0, gap=0.0)
    assert solved.status == "optimal" and solved.objective is not None
    assert solved.objective == pytest.approx(found.solution.objective, abs=0.01)
    # At $1.90 C's two GPUs cost 2,774.00 against the plan's 2,920.00: every optimum buys C.
    cheaper = c.at(instance, 1.9)
    found = certificate(cheaper, c, starts, 2920.0, 20.0, lambda: runs.append(1))
    assert found is not None and found.cost == pytest.approx(2774.0, abs=0.01) and runs == []
    plain = run_trial(cheaper, time_limit=20, gap=0.0)
    assert plain.solution is not None and c.bought(instance, plain.solution)
    assert plain.cost is not None and plain.cost <= found.cost + 0.01
    # A bound the plan beats by less than the tolerance: checked by the solver run, as before.
    found = certificate(cheaper, c, starts, 2774.0 * (1 + 1e-7), 20.0, lambda: runs.append(1))
    assert found is not None and runs == [1]
    assert found.cost == pytest.approx(2774.0, abs=0.01)


def test_a_certificate_compares_objectives_when_units_are_owned() -> None:
    """With an existing unit of B (its cost in every plan's counted cost, in no objective), a
    plan that buys C passes as a certificate only where a plain re-solve buys C too: at $3.00
    and $2.50 the best plan buys none (3,650.00), at $1.90 it buys C (review of 2026-11-30: a
    counted cost was compared with a bound on objectives, and both dearer prices passed)."""
    catalog, request = _three_alike()
    owned = Existing(offer_id="b", units=1, start="2027-01", term_months=1)
    request = msgspec.structs.replace(request, existing=(owned,))
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    starts = Starts()
    base = run_trial(instance, time_limit=20, gap=0.0, starts=starts)
    assert base.solution is not None and base.cost == pytest.approx(3650.0, abs=0.01)
    c = _lever(instance, "c")
    assert not c.bought(instance, base.solution)
    curve = PriceCurve()
    line = line_of(instance, base.solution, c)
    curve.add(Point(price=3.5, line=line, buys=False, floor=floor_of(base.solution)))
    bound = curve.out_floor
    assert bound is not None
    for price, buys in ((3.0, False), (2.5, False), (1.9, True)):
        changed = c.at(instance, price)
        found = certificate(changed, c, starts, bound, 20.0, lambda: None)
        plain = run_trial(changed, time_limit=20, gap=0.0)
        assert plain.solution is not None and c.bought(instance, plain.solution) is buys
        if found is not None:
            assert buys and found.cost == pytest.approx(plain.cost, abs=0.01)
