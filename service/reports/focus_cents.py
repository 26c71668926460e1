"""focus.csv's costs in the cents of the plan's cash (`cent_ledger`), by FOCUS's rules: a
month's BilledCost adds up to its cash, its EffectiveCost to its amortised cost, and a row
bought as used (on-demand, spot, tokens: `Usage-Based`) bills its effective cost, the same
cents (probe 9, finding 6.2: such rows differed by a cent, and months from cash.csv)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from service.reports.cent_ledger import NOISE, CentLedger, Key, Part
from service.reports.numbers import allocate_cents
from service.reports.used_cents import GPU_HOURS

__all__ = ["SIGNED", "SIGNED_PART", "settle"]

AGREED = Decimal("0.05")
"""How far rows' own floats may be from the ledger's cents and still share them: the ledger
rounds each column on its own, so its parts are each within a cent of the floats."""


def _part(row: dict[str, Any]) -> Part:
    match row.get("ChargeCategory"):
        case "Purchase":
            return "upfront"
        case "Credit":
            return "recovered"
        case _:
            return "recurring"


SIGNED = "_signed"
"""Marks a row whose units are all existing ones at the prices they were signed at
(`x_PriceBasis` `signed`)."""

SIGNED_PART = "_signed_part"
"""Marks the row of an offer's existing units split from its proposed ones in one month
(`focus._split_existing`): the offer's requisition lines (new contracts) are the proposed
row's, so this one takes none of their cents, only a share of the rest."""


def _item(row: dict[str, Any]) -> str:
    """The requisition item a row's cents are looked up under ("" for none)."""
    return "" if row.get(SIGNED_PART) else str(row.get("SkuPriceId", ""))


def _shares(values: Sequence[float], target: Decimal | None) -> list[Decimal]:
    """`values` to the cent, adding up to `target` where they are its float parts (else, a
    plan stored before its cash flows or rows that bill other money, to their own sum)."""
    agreed = target is not None and abs(Decimal(repr(sum(values))) - target) < AGREED
    return allocate_cents(values, target if agreed else None)


def _used_shares(ledger: CentLedger, month: str, rows: Sequence[dict[str, Any]]) -> list[Decimal]:
    """The cents of rows bought as used: each item's in the ledger (`used_cents`, so that a
    SKU's rows add up to its requisition line: probe 11 finding 4), shared among its rows;
    where an item is not there (a plan whose catalog lacks an API offer), the month's cents
    bought as used shared out by largest remainder."""
    flow = ledger.flow(month)
    keys = [(r.get("SkuPriceId", ""), r.get("SkuMeter") or GPU_HOURS, month) for r in rows]
    if any(k not in ledger.used for k in keys):
        return _shares([float(r["EffectiveCost"]) for r in rows], flow.as_used if flow else None)
    out = [Decimal(0)] * len(rows)
    for key in dict.fromkeys(keys):
        at = [n for n, k in enumerate(keys) if k == key]
        values = [float(rows[n]["EffectiveCost"]) for n in at]
        for n, share in zip(at, _shares(values, ledger.used[key]), strict=True):
            out[n] = share
    return out


def _committed_shares(
    ledger: CentLedger, month: str, rows: Sequence[dict[str, Any]]
) -> list[Decimal]:
    """The amortised cents of committed rows (one per offer): each contract's in the ledger
    (`item_cents`: its months add up to its requisition lines, probe 12 finding 2), and the
    rest of the month's amortised cost (existing contracts) shared out by largest remainder."""
    flow = ledger.flow(month)
    keys = [(_item(r), month) for r in rows]
    rest = []
    for row, key in zip(rows, keys, strict=True):
        left = float(row["EffectiveCost"]) - ledger.committed_exact.get(key, 0.0)
        rest.append(0.0 if abs(left) < NOISE else left)
    target = None
    if flow is not None:
        mine = sum((v for k, v in ledger.committed.items() if k[1] == month), Decimal(0))
        target = flow.amortised - flow.as_used - mine
    return [
        ledger.committed.get(key, Decimal(0)) + share
        for key, share in zip(keys, _shares(rest, target), strict=True)
    ]


def _undiscounted(row: dict[str, Any]) -> bool:
    """Whether a Usage row's ContractedCost is its EffectiveCost (nothing discounted: an
    existing commitment at its signed price, a contract or on-demand at the catalog's)."""
    contracted, effective = row.get("ContractedCost"), row.get("EffectiveCost")
    if contracted is None or effective is None:
        return False
    return abs(float(contracted) - float(effective)) < NOISE


def settle(ledger: CentLedger, month: str, rows: Sequence[dict[str, Any]]) -> None:
    """Set the BilledCost and EffectiveCost of one month's rows in cents. Rows bought as used
    share the ledger's cents bought as used, billed as amortised; committed Usage rows share
    the rest of the amortised cost; Purchase and Credit rows amortise nothing. Each Purchase,
    Usage and Credit row of an offer with a requisition line bills the line's amount of the
    month, and the rest of the month's cash is shared out by largest remainder. A Usage row
    whose ContractedCost is its EffectiveCost before rounding keeps the same cents in both
    (probe 19: the largest remainder moved a signed commitment's EffectiveCost a cent from
    its ContractedCost rounded on its own, 129,128.83 against 129,128.84)."""
    flow = ledger.flow(month)
    same = [r for r in rows if r.get("ChargeCategory") == "Usage" and _undiscounted(r)]
    used = [r for r in rows if r.get("ChargeFrequency") == "Usage-Based"]
    for row, share in zip(used, _used_shares(ledger, month, used), strict=True):
        row["BilledCost"] = row["EffectiveCost"] = share
    committed = [r for r in rows if r.get("ChargeFrequency") == "Recurring"]
    for row, share in zip(committed, _committed_shares(ledger, month, committed), strict=True):
        row["EffectiveCost"] = share
    billed = [r for r in rows if r.get("ChargeFrequency") != "Usage-Based"]
    keys: list[Key] = [(_item(r), month, _part(r)) for r in billed]
    signs = [-1 if k[2] == "recovered" else 1 for k in keys]
    rest = []
    for row, k, sign in zip(billed, keys, signs, strict=True):
        left = float(row["BilledCost"]) - sign * ledger.exact.get(k, 0.0)
        rest.append(0.0 if abs(left) < NOISE else left)
    target = ledger.rest(month) - flow.as_used if flow else None
    for row, k, sign, share in zip(billed, keys, signs, _shares(rest, target), strict=True):
        row["BilledCost"] = sign * ledger.cents.get(k, Decimal(0)) + share
        if row.get("ChargeFrequency") == "One-Time":
            row["EffectiveCost"] = Decimal(0)
    for row in same:
        row["ContractedCost"] = row["EffectiveCost"]
