"""Probe 19 item 2: a focus.csv Usage row with nothing discounted (an existing commitment at
the price it was signed at, a new contract at the catalog's) has ContractedCost equal to its
EffectiveCost to the cent. The largest remainder that makes a month's EffectiveCost add up to
its amortised cost moved one row a cent from its ContractedCost rounded on its own (2,660.68
against 2,660.67 here; 129,128.83 against 129,128.84 in the probe). Tiny catalogs."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from service.reports.focus import focus_csv
from service.reports.to_csv import cash_csv
from tests.solver.test_signed_existing import _partial, _plan


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_an_undiscounted_row_costs_what_it_contracts_to_the_cent() -> None:
    """Four GPUs signed at $0.91119 a GPU-hour beside new ones at $1.00007: every `res` Usage
    row (signed and proposed, Used and Unused) has EffectiveCost == ContractedCost, and each
    month's EffectiveCost still adds up to cash.csv's amortised cost."""
    cat = _partial(1.00007)
    plan = _plan(cat, 0.91119)
    focus = _rows(focus_csv(plan, cat))
    usage = [r for r in focus if r["SkuPriceId"] == "res" and r["ChargeCategory"] == "Usage"]
    assert {r["x_PriceBasis"] for r in usage} == {"contract", "quote"}
    for r in usage:
        assert r["EffectiveCost"] == r["ContractedCost"], r
    effective: defaultdict[str, Decimal] = defaultdict(Decimal)
    for r in focus:
        effective[r["ChargePeriodStart"][:7]] += Decimal(r["EffectiveCost"])
    for row in _rows(cash_csv(plan, cat)):
        if row["month"] in effective:
            assert effective[row["month"]] == Decimal(row["amortised"]), row["month"]
