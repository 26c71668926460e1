"""Probe 11 finding 7: with `currency=EUR`, a USD API offer's prices stood under "EUR/M in |
EUR/M out | EUR/M tokens" on the rankings page and in `tokenplan rank`; they are withheld
("in USD") with the reason, never shown under another currency's header (no solve)."""

from __future__ import annotations

import msgspec

from catalog import Catalog
from optimizer import RankingRequest, rank
from service.reports import api_table
from service.reports.cells import shown
from tests.tiny import Spec, api_offer, catalog

WORKLOAD = {"model": "m", "isl": 1000, "osl": 100, "slo": {"min_interactivity": 50}}


def _catalog() -> Catalog:
    """A EUR GPU offer, a EUR API at 0.7 and a USD API at 0.9 per million tokens."""
    base = catalog(Spec("gpu", 1.0))
    gpu = msgspec.structs.replace(base.offers[0], currency="EUR")
    eur = msgspec.structs.replace(api_offer(0.7, "Eapi"), currency="EUR")
    usd = api_offer(0.9, "Uapi")
    return msgspec.structs.replace(base, offers=(gpu,), api_offers=(eur, usd))


def _rows(currency: str | None) -> dict[str, list[str]]:
    """The API table's rows as text, by offer id, with the headings under `columns`."""
    body = {"workload": WORKLOAD, "currency": currency}
    t = api_table(rank(_catalog(), msgspec.convert(body, RankingRequest)))
    rows = {shown(row[1]): [shown(c) for c in row] for row in t.rows}
    return {"columns": t.labels, **rows}


def test_another_currencys_api_prices_are_withheld_with_the_reason() -> None:
    """In EUR: the EUR API's prices are shown, the USD API's read "in USD" in every price
    column, its reason naming both currencies."""
    rows = _rows("EUR")
    assert rows["columns"][3:6] == ["EUR/M in", "EUR/M out", "EUR/M tokens (blended)"]
    assert rows["api-eapi"][3:6] == ["0.7000", "0.7000", "0.7000"]
    assert rows["api-uapi"][3:6] == ["in USD", "in USD", "in USD"]
    assert rows["api-uapi"][7] == "priced in USD, not EUR (rank in USD with currency)"


def test_in_the_other_currency_the_roles_turn() -> None:
    """In USD (the GPU offer is EUR, so no GPU offer ranks): the USD API's prices are shown
    under USD headings, the EUR API's are withheld."""
    rows = _rows("USD")
    assert rows["columns"][3] == "USD/M in"
    assert rows["api-uapi"][3] == "0.9000" and rows["api-eapi"][3] == "in EUR"
