"""The seed example's sensitivity under the default time budget (issue 14) is the table it was
before the budget: every target (kind, price as shown, verified) and every cost response to
the cent, as `tokenplan sensitivity` prints them. `tests/data/seed-sensitivity-table.json` was
written by `table` from the run at 78dd2db, before `max_seconds` existed, and written again
when contracts ending in the tail came to be valued as renewed (session 14: the seed's plan
itself changed, to the GB300 racks from 2027-01; the same 14 targets, all verified), and
again when the tail came to be valued in whole units (session 16, probe 16a F1: the plan and
every response the same; ten targets 0.3-2.6% lower, where the plans that buy those offers
near their targets also buy month-to-month units in the tail, now whole; all verified)."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from optimizer.instance import prepare
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import Sensitivity, SensitivityOptions
from optimizer.trials import Lever, run_trial
from service.reports.numbers import money, rate
from service.reports.sensitivity import response_rows
from tests.paths import DATA, EXAMPLES

TABLE = DATA / "seed-sensitivity-table.json"


def table(s: Sensitivity) -> dict[str, Any]:
    """What the printed table says of each offer and workload, and the base cost."""
    targets = [
        [
            o.offer_id,
            o.bought,
            rate(o.price),
            o.target.kind,
            None if o.target.price is None else rate(o.target.price),
            o.target.verified,
        ]
        for o in s.offers
    ]
    _headers, rows = response_rows(s)
    return {
        "base_cost": money(s.base_cost, s.currency),
        "targets": targets,
        "responses": [list(row) for row in rows],
    }


@pytest.fixture(scope="module")
def seed_run() -> Sensitivity:
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plan = make_plan(catalog, request, request.forecast)
    return sensitivity(catalog, plan, SensitivityOptions(), workers=2)


def test_the_seeds_run_is_the_table_it_was_before_the_budget(seed_run: Sensitivity) -> None:
    result = seed_run
    assert result.finished and result.options.max_seconds == 600.0
    assert table(result) == json.loads(TABLE.read_text())


def test_like_offers_share_what_the_first_of_them_found(seed_run: Sensitivity) -> None:
    """Like offers (one accelerator and unit; sens15): the first searched finds the plan that
    buys it near its target, which the others' guesses and certificates move to them,
    however dear that plan is at their prices today; those then expected at one price are
    checked just above it by one joint re-solve (`optimizer.joint_checks`) before their
    searches. The B200 offers after coreweave-b200-od: their six checks at 1.130 one joint
    re-solve (five re-solves before); the three other GB200 offers after coreweave-gb200-od:
    no Newton step of their own, their checks at 1.420 one joint re-solve, each search left
    with its certificate just below. No joint run at all (sens17): the first offer's own check
    just above makes theirs, its on-demand units replacing theirs at that price
    (`optimizer.joint_checks.like_checked`); before, two joint runs (three since the tail was
    valued in whole units, probe 16a F1: the B200 offers' expected prices, 1.13000062...
    apart in their last digits, were grouped to nine digits, two groups asking one question;
    the GB200 one 0.10 CPU s). The on-demand plans reach the offers of other terms moved
    month by month (`optimizer.retimed`, sens17): before, coreweave-gb200-reserved made a
    probe at 1% of its price and a Newton step at 1.339 (0.11 CPU s) to find what
    coreweave-gb200-od's plan was, its units moved column for column being five new
    contracts a month, and onprem-b200 its own probe and check. Their certificates are the
    moved plans as checked, no solver run (sens21: one each before), so their searches make
    none of their own."""
    by_id = {o.offer_id: o for o in seed_run.offers}
    joint = {
        o.offer_id for o in seed_run.offers if o.target.above and o.target.above.how == "joint"
    }
    b200 = {"nebius-b200-od", "together-b200-od", "together-b200-reserved", "lambda-b200-od"}
    b200 |= {"aws-p6-b200", "onprem-b200"}
    assert joint == b200 | {"coreweave-gb200-reserved", "nscale-gb200-reserved", "onprem-gb200"}
    assert "joint" not in seed_run.solver_runs
    for offer in joint:
        target = by_id[offer].target
        assert target.verified and target.below is not None
        assert target.below.how == "certificate" and target.solves == 0


def test_each_check_a_like_offer_made_holds_re_solved(seed_run: Sensitivity) -> None:
    """Each check just above that another offer's check made (`like_checked`), re-solved at
    its price with every other offer at today's: an optimum that buys none of the offer, at
    the plan's cost to the cent."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    made = [o for o in seed_run.offers if o.target.above and o.target.above.how == "joint"]
    assert len(made) == 9
    for offer in made:
        above = offer.target.above
        assert above is not None and not above.bought
        lever = Lever("gpu", index[offer.offer_id])
        again = run_trial(lever.at(instance, above.price), time_limit=30, gap=1e-6)
        assert again.status == "optimal" and again.solution is not None
        assert not lever.bought(instance, again.solution), offer.offer_id
        assert again.cost == pytest.approx(seed_run.base_cost, abs=0.01)


def test_each_certificate_holds_re_solved(seed_run: Sensitivity) -> None:
    """Every check just below a target made by a certificate (the plan that buys the offer as
    `Starts.best` checked it feasible, no solver run: `optimizer.certificates._checked`; 14
    solver runs before, sens21), re-solved at its price with every other offer at today's:
    an optimum that buys the offer, at no more than the certificate's plan costs."""
    assert "certificate" not in seed_run.solver_runs
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    made = [o for o in seed_run.offers if o.target.below and o.target.below.how == "certificate"]
    assert len(made) == 14
    for offer in made:
        below = offer.target.below
        assert below is not None and below.bought and below.cost is not None
        lever = Lever("gpu", index[offer.offer_id])
        again = run_trial(lever.at(instance, below.price), time_limit=30, gap=1e-6)
        assert again.status == "optimal" and again.solution is not None
        assert lever.bought(instance, again.solution), offer.offer_id
        assert again.cost is not None and again.cost <= below.cost + 0.01


def test_the_plan_all_onprem_gb300s_holds_at_its_lower_prices(seed_run: Sensitivity) -> None:
    """The seed's plan buys onprem-gb300 alone, every cost of it that offer's, and no plan of
    its model costs less than nothing: the plan is optimal at every lower price of it
    (`optimizer.own_cost`), so its -25% and -10% responses are proven with no re-solve (the
    -25% one was re-solved before, sens21); a plain re-solve at each price costs what they say,
    to the cent."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    o = next(o for o, spec in enumerate(instance.offers) if spec.id == "onprem-gb300")
    offer = next(offer for offer in seed_run.offers if offer.offer_id == "onprem-gb300")
    lowered = [r for r in offer.responses if r.change < 0]
    assert [r.change for r in lowered] == [-0.25, -0.1]
    for r in lowered:
        assert r.status == "proven" and "whole cost" in r.note, r
        again = run_trial(Lever("gpu", o).at(instance, r.value), time_limit=30, gap=1e-6)
        assert again.status == "optimal" and again.cost is not None and r.cost is not None
        assert r.cost == pytest.approx(again.cost, abs=0.01)
