"""Dominance pruning and equal-cost ties (DESIGN section 8.1): a longer term at the same price
never replaces a shorter one, and an offer kept only by a rule of the request is named as tied."""

from __future__ import annotations

from optimizer.prepare import prepare_for_solve
from optimizer.request import Constraints, Options, PlanRequest, PowerCap
from optimizer.ties import tied_offers
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8)


def _offers(constraints: Constraints) -> tuple[list[str], set[int]]:
    """The ids of the offers left after pruning, and the tied offers among all of them."""
    request = PlanRequest(
        forecast=forecast(30000, months=3),
        constraints=constraints,
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    _full, instance, _dominated = prepare_for_solve(catalog(SHORT, LONG), request, request.forecast)
    kept = sorted({instance.offers[o].id for o, _w in instance.rates})
    return kept, tied_offers(instance, {0, 1})


def test_a_longer_term_at_the_same_price_never_prunes_the_shorter() -> None:
    """With a cap at the 3-month offer's site, the 48-month one (as cheap in the horizon) no
    longer replaces it: both stay, and the 48-month one is the tied offer."""
    kept, tied = _offers(Constraints(power_caps=(PowerCap(site="a/r", mw=100),)))
    assert kept == ["r3", "r48"]
    assert tied == {1}


def test_without_a_rule_the_shorter_term_wins_by_pruning() -> None:
    """No cap or share: the 48-month offer is pruned in favour of the 3-month one."""
    kept, _tied = _offers(Constraints())
    assert kept == ["r3"]


def test_a_vendor_share_keeps_both_and_names_the_longer_term_tied() -> None:
    """A vendor share tells the two vendors apart: both stay, the 48-month one tied."""
    kept, tied = _offers(Constraints(max_vendor_share=0.9))
    assert kept == ["r3", "r48"]
    assert tied == {1}


def test_on_demand_units_at_a_contracts_price_and_more_power_are_tied() -> None:
    """On-demand units at $2 drawing 2 kW a GPU, against a 3-month contract at $2 drawing 1.5:
    neither replaces the other in every plan (neither is pruned), but three months of the
    first owe what the contract does with more power, and the contract may owe more than
    months on demand: each is named tied (the plan is re-solved for the least obligation,
    then power)."""
    on_demand = Spec("od", 2.0, vendor="D", gpus_per_unit=8, kw_per_gpu=2.0)
    short = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5)
    request = PlanRequest(forecast=forecast(30000, months=3))
    assert request.forecast is not None
    _full, instance, dominated = prepare_for_solve(
        catalog(on_demand, short), request, request.forecast
    )
    assert dominated == {}
    ids = [spec.id for spec in instance.offers]
    od, r3 = ids.index("od"), ids.index("r3")
    assert tied_offers(instance, {od}) == {od}
    assert tied_offers(instance, {r3}) == {r3}
