"""Owned hardware from its parts: the `tco` block, the price derived from it, its formula, its
payments, the CSV columns, and the refusals of bad parts."""

from __future__ import annotations

import math
from typing import Any

import msgspec
import pytest

from catalog import Offer, default_catalog
from catalog.errors import InvalidInput
from catalog.model import Catalog
from catalog.offers_csv import offers_from_csv, offers_to_csv
from catalog.payments import payments_per_gpu
from optimizer import QuoteRequest, RankingRequest, quote, rank
from service.decoding import decode_body
from tests.owned import PARTS, owned_by_parts

# (60,000 x 0.9 / 48 + 200 + 0.08 x 2.1 x 730) / 730 = (1,125 + 200 + 122.64) / 730
HAND_PRICE = (60_000 * 0.9 / 48 + 200 + 0.08 * 2.1 * 730) / 730


def _offer(**changes: Any) -> Offer:
    return msgspec.convert(owned_by_parts(**changes), Offer)


def _refusal(document: dict[str, Any]) -> str:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert(document, Offer)
    return str(caught.value)


def test_price_is_derived_from_the_parts_by_hand() -> None:
    """The hourly price is (capex x (1 - residual) / life + opex + energy x kW x 730) / 730,
    1.9831 per GPU-hour here; the term defaults to the life."""
    offer = _offer()
    assert offer.price_per_gpu_hour == pytest.approx(HAND_PRICE, rel=1e-12)
    assert round(offer.price_per_gpu_hour, 4) == 1.9831
    assert offer.term_months == 48


def test_the_formula_shows_the_parts_and_the_price() -> None:
    """`price_formula` states each part and the derived price; an offer with a stated price
    has none."""
    formula = _offer().price_formula
    assert formula == (
        "(capex 60,000.00 x (1 - 0.1) / 48 + opex 200.00 + energy 0.08/kWh x 2.1 kW x 730 h)"
        " / 730 h = 1.9831 USD per GPU-hour"
    )
    assert default_catalog().offers[0].price_formula is None


def test_a_round_trip_keeps_the_parts_and_the_derived_price() -> None:
    """JSON out and back gives the same offer (the derived price is given back and agrees)."""
    offer = _offer()
    assert msgspec.json.decode(msgspec.json.encode(offer), type=Offer) == offer


def test_offers_stored_before_tco_still_decode() -> None:
    """An offer document without `tco` or `upfront_share` (older catalogs) decodes as before."""
    old = msgspec.json.encode(default_catalog().offers[0])
    document = msgspec.json.decode(old)
    del document["tco"], document["upfront_share"]
    assert msgspec.convert(document, Offer) == default_catalog().offers[0]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kind": "reserved", "term_months": 48}, "`tco` is for owned offers"),
        ({"term_months": 36}, "`tco.life_months` (48) must equal `term_months` (36)"),
        ({"power_kw_per_gpu": None}, "give `power_kw_per_gpu`"),
        ({"price_per_gpu_hour": 2.0}, "is not the price `tco` derives"),
        ({"tco": None}, "give `price_per_gpu_hour` (or, for an owned offer, its `tco` parts)"),
        ({"upfront_share": 0.3}, "`upfront_share` applies to `Partial Upfront` offers"),
    ],
)
def test_inconsistent_parts_are_refused_with_the_reason(
    changes: dict[str, Any], expected: str
) -> None:
    """Parts on a rented offer, a life other than the term, energy without kW, a price other
    than the derived one, neither price nor parts, an upfront share without Partial Upfront:
    each refused saying why."""
    assert expected in _refusal(owned_by_parts(**changes))


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("capex_per_gpu", math.inf),
        ("capex_per_gpu", 1e308),
        ("capex_per_gpu", -1.0),
        ("capex_per_gpu", math.nan),
        ("opex_per_gpu_month", 1e308),
        ("energy_price_per_kwh", -0.01),
        ("energy_price_per_kwh", math.inf),
        ("residual_share", 1.5),
        ("residual_share", math.nan),
        ("life_months", 0),
        ("life_months", 10**9),
    ],
)
def test_hostile_parts_are_refused_naming_the_part(part: str, value: float) -> None:
    """inf, 1e308, NaN, negatives and out-of-range shares or lives are refused at `tco.<part>`."""
    parts = dict(PARTS) | {part: value}
    assert f"$.tco.{part}" in _refusal(owned_by_parts(tco=parts))


def test_parts_that_derive_no_price_are_refused() -> None:
    """Capex fully recovered with nothing to run costs nothing per hour: refused, not a free
    GPU; parts deriving more than a million per GPU-hour are refused too."""
    free = dict(PARTS) | {"residual_share": 1.0, "opex_per_gpu_month": 0.0}
    free["energy_price_per_kwh"] = 0.0
    assert "`tco` derives a price of 0.0 per GPU-hour" in _refusal(owned_by_parts(tco=free))
    dear = dict(PARTS) | {"capex_per_gpu": 1e9, "life_months": 1}
    assert "must lie within" in _refusal(owned_by_parts(tco=dear, term_months=1))


def test_a_price_the_parts_cannot_derive_is_refused_at_tco() -> None:
    """The refusal of parts deriving no price names the field `tco` (probe 8, finding 9c: it
    was on `(body)`), as the problem's error list shows it."""
    free = dict(PARTS) | {"residual_share": 1.0, "opex_per_gpu_month": 0.0}
    free["energy_price_per_kwh"] = 0.0
    with pytest.raises(InvalidInput) as caught:
        decode_body(owned_by_parts(tco=free), Offer)
    assert [e.field for e in caught.value.errors] == ["tco"]


def test_payments_add_up_to_the_obligation() -> None:
    """Capex at the start, opex and energy monthly, the residual back after the last month:
    upfront + monthly x life - residual = price x 730 x life, per GPU."""
    offer = _offer()
    pay = payments_per_gpu(offer, 48)
    assert pay.upfront == 60_000.0
    assert pay.monthly == pytest.approx(200 + 0.08 * 2.1 * 730)
    assert pay.residual == pytest.approx(6_000.0)
    total = pay.upfront + pay.monthly * 48 - pay.residual
    assert total == pytest.approx(offer.price_per_gpu_hour * 730 * 48, rel=1e-12)


@pytest.mark.parametrize(
    ("payment_model", "share", "upfront", "monthly"),
    [
        ("All Upfront", None, 2.0 * 730 * 12, 0.0),
        ("Partial Upfront", None, 0.5 * 2.0 * 730 * 12, 0.5 * 2.0 * 730),
        ("Partial Upfront", 0.25, 0.25 * 2.0 * 730 * 12, 0.75 * 2.0 * 730),
        ("No Upfront", None, 0.0, 2.0 * 730),
    ],
)
def test_payment_models_split_the_obligation(
    payment_model: str, share: float | None, upfront: float, monthly: float
) -> None:
    """All Upfront pays the obligation at the start, Partial Upfront its share (default 0.5)
    and the rest monthly, No Upfront monthly."""
    offer = _offer(
        tco=None,
        kind="reserved",
        price_per_gpu_hour=2.0,
        term_months=12,
        payment_model=payment_model,
        upfront_share=share,
    )
    pay = payments_per_gpu(offer, 12)
    assert (pay.upfront, pay.monthly) == pytest.approx((upfront, monthly))


def test_offers_csv_round_trips_the_parts() -> None:
    """The parts travel in their own columns; an import gives the same offer back, and empty
    price cells beside them are derived."""
    offers = [*default_catalog().offers, _offer()]
    text = offers_to_csv(offers)
    assert offers_from_csv(text) == offers
    last = text.splitlines()[-1]
    assert ",60000.0,48,0.1,200.0,0.08," in last
    price = repr(offers[-1].price_per_gpu_hour)
    emptied = text.replace(f",{price},{price},GPU-Hours", ",,,GPU-Hours")
    assert offers_from_csv(emptied)[-1] == offers[-1]


def test_offers_csv_names_the_bad_part() -> None:
    """A bad part cell is refused at its column and row."""
    text = offers_to_csv([_offer()])
    with pytest.raises(InvalidInput) as caught:
        offers_from_csv(text.replace(",0.1,200.0,", ",-0.1,200.0,"))
    assert caught.value.errors[0].field == "offers.csv[row 1].x_ResidualShare"
    with pytest.raises(InvalidInput) as caught:
        offers_from_csv(text.replace(",60000.0,48,", ",inf,48,"))
    assert "expected a finite number" in caught.value.errors[0].message


def _with(offer: Offer) -> Catalog:
    catalog = default_catalog()
    return msgspec.structs.replace(catalog, offers=(*catalog.offers, offer))


WORKLOAD = {
    "model": "deepseek-r1-0528",
    "isl": 8192,
    "osl": 1024,
    "slo": {"min_interactivity": 150},
}


def test_an_offer_by_its_parts_quotes_as_its_derived_price() -> None:
    """An owned offer given by its parts quotes the same $/M as the same offer given by the
    price its parts derive, and the quote shows the formula."""
    parts = _offer()
    priced = _offer(
        id="own-gb300-price", tco=None, term_months=48, price_per_gpu_hour=parts.price_per_gpu_hour
    )
    catalog = msgspec.structs.replace(
        default_catalog(), offers=(*default_catalog().offers, parts, priced)
    )
    by_parts = quote(
        catalog, msgspec.convert({"offer": parts.id, "workload": WORKLOAD}, QuoteRequest)
    )
    by_price = quote(
        catalog, msgspec.convert({"offer": priced.id, "workload": WORKLOAD}, QuoteRequest)
    )
    assert by_parts.cost_per_million_tokens == by_price.cost_per_million_tokens
    assert by_parts.price_formula == parts.price_formula
    assert by_price.price_formula is None


def test_rankings_show_the_formula() -> None:
    """A ranked owned offer given by its parts carries its formula."""
    ranking = rank(_with(_offer()), msgspec.convert({"workload": WORKLOAD}, RankingRequest))
    line = next(o for o in ranking.offers if o.offer_id == "own-gb300-parts")
    assert line.eligible
    assert line.price_formula is not None
    assert line.price_formula.endswith("= 1.9831 USD per GPU-hour")
