"""Probe 16a F4: a ranking's cost curves (`/rankings?include_curves=true`, rankings.svg and
.html) drew only the precision an offer is ranked on at the requested SLO, where the ranking
at any other SLO takes the best of every profile the workload allows: GB200 racks showed
$0.2383/M (fp4) at 72-150 tok/s/user where the ranking there answers $0.1359-0.1740/M (fp8).
Each curve point is now what the ranking answers at that interactivity."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer import QuoteWorkload, RankingRequest, rank

LEAGUE = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024}
"""The README's league table (at 150 tok/s/user)."""


def _request(interactivity: float, points: int) -> RankingRequest:
    workload = {**LEAGUE, "slo": {"min_interactivity": interactivity}}
    return RankingRequest(workload=msgspec.convert(workload, QuoteWorkload), curve_points=points)


def test_every_curve_point_is_the_ranking_at_its_interactivity() -> None:
    """Every point of every eligible offer's curve in the league table at 150 equals that
    offer's cost per million tokens ranked at the point's interactivity, to 4 significant
    figures (each interactivity ranked among the offers whose curves hold it: an offer's
    figures do not depend on the others')."""
    catalog = default_catalog()
    league = rank(catalog, _request(150.0, 60))
    by_interactivity: dict[float, dict[str, float]] = {}
    for line in league.offers:
        for point in line.curve:
            by_interactivity.setdefault(point.interactivity, {})[line.offer_id] = (
                point.cost_per_million_tokens
            )
    assert len(by_interactivity) > 300  # every system's points and the sampled grid
    checked = 0
    for interactivity, drawn in by_interactivity.items():
        offers = tuple(o for o in catalog.offers if o.id in drawn)
        subset = msgspec.structs.replace(catalog, offers=offers)
        ranked = rank(subset, _request(interactivity, 2))
        answers = {o.offer_id: o.cost_per_million_tokens for o in ranked.offers if o.eligible}
        for offer_id, cost in drawn.items():
            assert answers.get(offer_id) == pytest.approx(cost, rel=5e-5), (
                offer_id,
                interactivity,
            )
            checked += 1
    assert checked == sum(len(line.curve) for line in league.offers)


def test_the_gb200_rack_at_76_5_is_its_fp8_deployment() -> None:
    """The probe's point: onprem-gb200 at 76.5 tok/s/user is ranked on fp8 (a 64-GPU
    replica, $0.1740/M); its curve drawn from the fp4 profile ranked at 150 said $0.2383/M."""
    league = rank(default_catalog(), _request(150.0, 60))
    [gb200] = [line for line in league.offers if line.offer_id == "onprem-gb200"]
    [point] = [p for p in gb200.curve if p.interactivity == 76.5]
    assert round(point.cost_per_million_tokens, 4) == 0.1740
    [at] = [
        o for o in rank(default_catalog(), _request(76.5, 2)).offers if o.offer_id == gb200.offer_id
    ]
    assert at.precision == "fp8" and round(at.cost_per_million_tokens or 0.0, 4) == 0.1740
