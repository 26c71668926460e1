"""Which tail months the model solves as one block (`optimizer.tail_blocks`): a run of tail
months in which nothing changes is one block; every horizon month stands alone. Contracts (new
or existing) that end in the tail are renewed there, whole where no workload falls at the
horizon's end and no existing commitment ends in the tail (they split no block); else the
model chooses how many units to renew, and the months they may end in start blocks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer.instance import prepare
from optimizer.model import PulpSink
from optimizer.prepare import prepare_for_solve
from optimizer.request import Existing, Options, PlanRequest
from optimizer.rows import write_model
from optimizer.tail_blocks import every_month, tail_blocks
from tests.tiny import Spec, catalog, forecast

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "growing-power-capped.json"


def _tiny(existing: tuple[Existing, ...] = ()) -> PlanRequest:
    return PlanRequest(
        forecast=forecast([100.0, 200.0], months=2),
        existing=existing,
        options=Options(tail_months=12),
    )


def _blocks(request: PlanRequest) -> dict[int, int]:
    tiny = catalog(Spec("od", 3.0), Spec("res", 2.0, term_months=12))
    assert request.forecast is not None
    return tail_blocks(prepare(tiny, request, request.forecast)).weights


def test_contracts_ending_in_the_tail_are_renewed_in_one_block() -> None:
    """Horizon 2, tail 12, a 12-month offer: contracts signed in months 0 and 1 end in the
    tail (months 12 and 13) and are renewed to its end, so the whole tail is one block (it
    was three: months 2-11, 12 and 13 when they ended there)."""
    assert _blocks(_tiny()) == {0: 1, 1: 1, 2: 12}


def test_an_existing_commitment_ending_in_the_tail_may_be_renewed() -> None:
    """A commitment of 5 units from 2026-12 for 8 months ends with month 6 of the plan (2027-
    07), in the tail: its units are valued renewed to the tail's end at the price it was
    signed at, the model's column of those not renewed taking them off (an existing
    commitment was sized before the plan), so month 7 starts a block, beside the new
    contracts' ends (12 and 13)."""
    owned = Existing(offer_id="res", units=5, start="2026-12", term_months=8)
    assert _blocks(_tiny((owned,))) == {0: 1, 1: 1, 2: 5, 7: 5, 12: 1, 13: 1}
    tiny = catalog(Spec("od", 3.0), Spec("res", 2.0, term_months=12))
    request = _tiny((owned,))
    assert request.forecast is not None
    spec = next(s for s in prepare(tiny, request, request.forecast).offers if s.id == "res")
    assert spec.existing == [5.0] * 14
    assert spec.existing_cost == [5 * spec.month_cost_per_unit] * 14


def test_an_existing_commitment_ending_in_the_horizon_is_not_renewed() -> None:
    """A commitment that ends inside the horizon (2026-12 for 2 months: its last month is the
    plan's first) is not renewed: the horizon may sign another."""
    owned = Existing(offer_id="res", units=5, start="2026-12", term_months=2)
    tiny = catalog(Spec("od", 3.0), Spec("res", 2.0, term_months=12))
    request = _tiny((owned,))
    assert request.forecast is not None
    spec = next(s for s in prepare(tiny, request, request.forecast).offers if s.id == "res")
    assert spec.existing == [5.0] + [0.0] * 13


def test_the_power_capped_example_solves_13_of_its_60_months() -> None:
    """The example with its 48-month default tail (terms 1, 3, 12, 36 and 48 months signed in
    12 horizon months): every contract ending in the tail is renewed, so the tail is one block
    of 48 months (it was 36 blocks when each end split it) and the horizon's months stand
    alone."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    options = msgspec.structs.replace(request.options, tail_months=None)
    request = msgspec.structs.replace(request, options=options)
    assert request.forecast is not None
    _full, instance, _dominated = prepare_for_solve(default_catalog(), request, request.forecast)
    weights = tail_blocks(instance).weights
    assert instance.span == 60 and len(weights) == 13 and sum(weights.values()) == 60
    assert {t: n for t, n in weights.items() if n > 1} == {12: 48}
    assert len(every_month(instance).weights) == 60


def test_a_block_has_one_month_of_rows_and_its_months_of_cost() -> None:
    """The tiny plan's demand rows exist for the solved months only, and a month-to-month unit
    bought in the 12-month block costs 12 months (3 $/GPU-hour x 730 hours x 12)."""
    request = _tiny()
    tiny = catalog(Spec("od", 3.0), Spec("res", 2.0, term_months=12))
    assert request.forecast is not None
    instance = prepare(tiny, request, request.forecast)
    f = write_model(instance, PulpSink())
    assert sorted(t for (_w, t) in f.demand_rows) == [0, 1, 2]
    od = next(o for o, spec in enumerate(instance.offers) if spec.id == "od")
    assert f.cost_terms[f.starts[(od, 2)]] == 3.0 * 730.0 * 12
    assert (od, 3) not in f.starts


def test_the_month_the_api_market_opens_starts_a_block() -> None:
    """An instance whose API purchases begin in month 5 (inside the tail's first block) splits
    that block there: months 2-4 and 5-13."""
    request = _tiny()
    tiny = catalog(Spec("od", 3.0), Spec("res", 2.0, term_months=12))
    assert request.forecast is not None
    instance = replace(prepare(tiny, request, request.forecast), api_first=5)
    assert tail_blocks(instance).weights == {0: 1, 1: 1, 2: 3, 5: 9}
