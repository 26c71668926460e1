"""The sensitivity report says how many price responses were proven rather than re-solved and
how its solver runs were made; a sensitivity stored before the run kinds still decodes."""

from __future__ import annotations

import msgspec

from optimizer.sensitivity import CostResponse
from optimizer.sensitivity_result import OfferSensitivity, Sensitivity
from optimizer.target_price_result import TargetPrice
from service.reports.sensitivity import markdown, table_text


def _response(change: float, status: str, cost: float) -> CostResponse:
    return CostResponse(
        change=change,
        value=2.0 * (1 + change),
        status=status,
        cost=cost,
        cost_change=cost - 100.0,
        note="proven: ..." if status in ("unchanged", "proven") else "",
    )


def test_the_report_counts_the_proven_responses() -> None:
    """One offer, four responses (two re-solved, one proven at another cost, one unchanged): the
    text and the Markdown both say 2 of the 4 were proven, and show the proven cost change."""
    offer = OfferSensitivity(
        offer_id="a",
        vendor="V",
        kind="on_demand",
        bought=True,
        price=2.0,
        responses=(
            _response(-0.25, "optimal", 75.0),
            _response(-0.1, "optimal", 90.0),
            _response(0.1, "proven", 110.0),
            _response(0.25, "unchanged", 100.0),
        ),
        target=TargetPrice(kind="never_leaves", note="no plan meets the demand without it"),
    )
    result = Sensitivity(
        plan_id="p",
        status="done",
        created_at="",
        base_cost=100.0,
        offers=(offer,),
        solves=2,
    )
    for text in (table_text(result), markdown(result)):
        assert "Of the 4 price responses, 2 are proven by those re-solves" in text
        assert "10.00 USD" in text and "-25.00 USD" in text


def test_the_report_names_the_solver_runs_by_kind() -> None:
    """A run of 1 base, 2 plain, 3 certificates and 1 joint check says so, in the report's
    order of kinds; one stored without the counts says only the total."""
    counted = Sensitivity(
        plan_id="p",
        status="done",
        created_at="",
        base_cost=100.0,
        solves=7,
        solver_runs={"joint": 1, "certificate": 3, "price": 2, "base": 1},
    )
    runs = "(1 the plan, 2 plain re-solves at other prices, 3 certificates, 1 joint checks)"
    assert f"re-solved 7 times {runs} in" in table_text(counted)
    bare = Sensitivity(plan_id="p", status="done", created_at="", base_cost=100.0, solves=7)
    assert "re-solved 7 times in" in markdown(bare)


def test_a_sensitivity_stored_before_checks_had_kinds_still_decodes() -> None:
    """A stored sensitivity without `solver_runs` and price checks without `how` (written
    before them) decode, with no counts and every check a plain re-solve."""
    stored = {
        "plan_id": "p",
        "status": "done",
        "created_at": "",
        "solves": 3,
        "offers": [
            {
                "offer_id": "a",
                "vendor": "V",
                "kind": "on_demand",
                "bought": False,
                "price": 2.0,
                "responses": [],
                "target": {
                    "kind": "enters_below",
                    "price": 1.5,
                    "below": {"price": 1.49, "bought": True, "cost": 90.0},
                    "above": {"price": 1.51, "bought": False, "cost": 100.0},
                },
            }
        ],
    }
    decoded = msgspec.json.decode(msgspec.json.encode(stored), type=Sensitivity)
    target = decoded.offers[0].target
    assert decoded.solver_runs == {}
    assert target.below is not None and target.above is not None
    assert (target.below.how, target.above.how) == ("re-solve", "re-solve")


def test_the_report_says_which_start_of_the_run_its_figures_are() -> None:
    """Probe 16b F8c: a run that a stopped server or worker left was run again whole, and its
    `solves` and `seconds` are its last start's; the report says so, and nothing on a first."""
    again = Sensitivity(
        plan_id="p", status="done", created_at="", base_cost=1.0, solves=7, attempt=3
    )
    for text in (table_text(again), markdown(again)):
        assert "in 0.0 s (start 3 of the run: the server or worker running it stopped" in text
    first = msgspec.structs.replace(again, attempt=1)
    assert "start 1" not in table_text(first) and "(start" not in markdown(first)
