"""Probe 11 finding 8: past `MAX_CURVE_POINTS / curve_points` eligible offers the rankings
pages were a 422 advising "at most 1" curve point (the minimum is 2) and filters the pages do
not take. The pages now rank every offer and draw the cheapest curves; the JSON refusal gives
only advice that can be followed. A small cap stands in for 50,000 points (no solve)."""

from __future__ import annotations

import msgspec

from catalog import Catalog
from optimizer import RankingRequest, rank
from service.rankings_api import page_ranking, too_many_curves
from tests.tiny import Spec, catalog

WORKLOAD = {"model": "m", "isl": 1000, "osl": 100, "slo": {"min_interactivity": 50}}


def _catalog() -> Catalog:
    """Offers at $1, $2 and $3 per GPU-hour, each profile two points (50 and 100 tok/s/user)
    of one deployment, so that each curve has `curve_points` points."""
    base = catalog(Spec("a", 1.0), Spec("b", 2.0), Spec("c", 3.0))
    profiles = tuple(
        msgspec.structs.replace(
            p, points=(msgspec.structs.replace(p.points[0], interactivity=50), *p.points)
        )
        for p in base.profiles
    )
    return msgspec.structs.replace(base, profiles=profiles)


def test_a_page_past_the_cap_ranks_every_offer_and_curves_the_cheapest() -> None:
    """3 offers x 60 points against a cap of 100: every offer is ranked as without a cap, and
    only the 2 cheapest (those drawn) carry their 60-point curves."""
    request = msgspec.convert({"workload": WORKLOAD}, RankingRequest)
    full = rank(_catalog(), request)
    paged = page_ranking(_catalog(), request, cap=100, drawn=2)
    assert [(o.offer_id, o.rank_cost_per_million_tokens) for o in paged.offers] == [
        (o.offer_id, o.rank_cost_per_million_tokens) for o in full.offers
    ]
    assert [len(o.curve) for o in paged.offers] == [60, 60, 0]
    assert paged.offers[0].curve == full.offers[0].curve
    assert page_ranking(_catalog(), request, cap=1000) == full


def test_the_refusal_never_advises_below_the_minimum() -> None:
    """60 points for 30,000 eligible offers against 50,000: even 2 each exceed it, so no
    "at most 1"; for 1,000 offers it names the most that fits (50)."""
    many = too_many_curves(30_000, 60, 50_000).errors[0]
    assert many.field == "curve_points"
    assert many.message == (
        "60 points for each of 30,000 eligible offers exceed 50,000 curve points; even the "
        "fewest (2 each) would: narrow the offers to at most 25,000 eligible with vendors, "
        "kinds or regions, or leave include_curves out"
    )
    assert "ask for at most 50, or narrow" in too_many_curves(1_000, 60, 50_000).errors[0].message
