"""GPU offers from a SkyPilot catalog CSV (`vms.csv`: InstanceType, AcceleratorName,
AcceleratorCount, vCPUs, MemoryGiB, Price, SpotPrice, Region, AvailabilityZone, ...): one
on-demand offer per instance type and region (and a spot offer where a spot price is given),
mapped to a catalog system by its accelerator (only where one system has it). SkyPilot's prices
are per instance-hour; an offer's is per GPU-hour (the instance price over its GPU count). A
spot offer's price basis is `estimate`: the file's SpotPrice is a snapshot of a moving market."""

from __future__ import annotations

import csv
import datetime as dt
import io

import msgspec

from catalog.csv_rows import read_number
from catalog.errors import FieldError, InvalidInput, field_error_from_msgspec
from catalog.input_rules import input_problems
from catalog.model import Catalog, Offer, System, slugify

__all__ = ["SkypilotImport", "offers_from_skypilot"]

REQUIRED = ("InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "Region")
_COLUMNS: dict[str, dict[bool, str]] = {
    "price_per_gpu_hour": {False: "Price", True: "SpotPrice"},
    "gpus_per_unit": {False: "AcceleratorCount", True: "AcceleratorCount"},
    "sku": {False: "InstanceType", True: "InstanceType"},
    "region": {False: "Region", True: "Region"},
}
"""The CSV column an offer's field comes from (on-demand, spot), to name a refused one."""


class SkypilotImport(msgspec.Struct, frozen=True, kw_only=True):
    """The offers read from a SkyPilot CSV, and the accelerators no catalog system has."""

    offers: tuple[Offer, ...]
    unmapped: tuple[str, ...]
    """Accelerator names in the file that match no system's accelerator (their rows skipped)."""
    skipped: tuple[FieldError, ...] = ()
    """Rows of a mapped accelerator not imported, each named by its row and column, with why:
    no `AcceleratorCount`, a fractional one (a share of a GPU is no whole GPU), or neither a
    `Price` nor a `SpotPrice` (no offer to make)."""


def _number(row: dict[str, str], column: str) -> float | FieldError | None:
    """A positive number from a cell, why the cell is none, or None when it is empty."""
    text = (row.get(column) or "").strip()
    if not text:
        return None
    value = read_number(column, text)
    if isinstance(value, float) and not value > 0:
        return FieldError(column, f"expected a positive number, got {text!r}")
    return value


def _systems(catalog: Catalog) -> tuple[dict[str, System], dict[str, list[str]]]:
    """The catalog's systems by accelerator name (lower case), for the accelerators that name
    exactly one system; and the ids of the systems of each accelerator that names several
    (probe 13: the last system read won, and an H100 instance was priced against a system
    with no curve)."""
    by_name: dict[str, list[System]] = {}
    for system in catalog.systems:
        # Stripped: an accelerator "h100 " is H100 too (probe 13b: it escaped the check).
        by_name.setdefault(system.accelerator.strip().lower(), []).append(system)
    one = {name: found[0] for name, found in by_name.items() if len(found) == 1}
    several = {
        name: sorted(s.id for s in found) for name, found in by_name.items() if len(found) > 1
    }
    return one, several


def offers_from_skypilot(
    text: str, catalog: Catalog, vendor: str, as_of: dt.date
) -> SkypilotImport:
    """The GPU offers of a SkyPilot `vms.csv` for `vendor` (`AWS`, `GCP`, `Azure`, ...),
    priced as of `as_of`; the lowest price where an instance type repeats in a region (one row
    per availability zone).

    Raises:
        InvalidInput: naming each missing column as `skypilot.csv.Column`, or every bad cell
        of every row at once as `skypilot.csv[row N].Column` (an offer the row cannot make,
        and a row whose offer id an earlier row's already is, too).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:  # the header row is read here, and can be as malformed as any other (probe 13)
        fieldnames = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in fieldnames]
        rows = [] if missing else list(reader)
    except csv.Error as exc:
        raise InvalidInput.one("skypilot.csv", f"malformed CSV: {exc}") from None
    if missing:
        raise InvalidInput(
            "the SkyPilot CSV lacks " + ", ".join(missing),
            [FieldError(f"skypilot.csv.{c}", "required column missing") for c in missing],
        )
    systems, ambiguous = _systems(catalog)
    best: dict[tuple[str, str, bool], tuple[float, dict[str, str], int, int]] = {}
    unmapped: set[str] = set()
    skipped: list[FieldError] = []
    errors: list[FieldError] = []
    for number, row in enumerate(rows, start=1):
        where = f"skypilot.csv[row {number}]"
        bad = input_problems(dict(row))
        accelerator = (row.get("AcceleratorName") or "").strip()
        count = _number(row, "AcceleratorCount")
        bad += [count] if isinstance(count, FieldError) else []
        prices: dict[bool, float] = {}
        if accelerator.lower() in systems and isinstance(count, float) and count == int(count):
            for spot, column in ((False, "Price"), (True, "SpotPrice")):
                price = _number(row, column)
                if isinstance(price, FieldError):
                    bad.append(price)
                elif price is not None:
                    prices[spot] = price
        errors += [FieldError(f"{where}.{e.field}", e.message) for e in bad]
        if bad or not accelerator:
            continue  # a bad row, or a CPU-only instance
        if accelerator.lower() in ambiguous:
            names = ", ".join(ambiguous[accelerator.lower()])
            message = (
                f"{accelerator} is the accelerator of systems {names}: which one this instance "
                "runs cannot be told from the file; the row is not imported (add its offer "
                "with POST /catalog/offers, naming the system)"
            )
            skipped.append(FieldError(f"{where}.AcceleratorName", message))
            continue
        if accelerator.lower() not in systems:
            unmapped.add(accelerator)
            continue
        if not isinstance(count, float):
            message = "no AcceleratorCount: the row is not imported"
            skipped.append(FieldError(f"{where}.AcceleratorCount", message))
            continue
        if count != int(count):  # a fractional GPU share is no whole GPU
            message = f"expected a whole number of GPUs, got {count:g}: the row is not imported"
            skipped.append(FieldError(f"{where}.AcceleratorCount", message))
            continue
        if not prices:
            message = "neither a Price nor a SpotPrice: the row is not imported"
            skipped.append(FieldError(f"{where}.Price", message))
            continue
        key = ((row.get("InstanceType") or "").strip(), (row.get("Region") or "").strip())
        if prices and not (key[0] and key[1]):
            errors.append(FieldError(where, "a GPU row needs an InstanceType and a Region"))
            continue
        for spot, price in prices.items():
            if (*key, spot) not in best or price < best[(*key, spot)][0]:
                best[(*key, spot)] = (price, row, int(count), number)
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the SkyPilot CSV", errors)
    built: list[tuple[int, str, str, Offer]] = []
    for (instance, region, spot), (price, row, count, number) in sorted(best.items()):
        where = f"skypilot.csv[row {number}]"
        system = systems[(row.get("AcceleratorName") or "").strip().lower()]
        document = {
            "id": slugify(f"{vendor} {instance} {region}" + (" spot" if spot else "")),
            "vendor": vendor,
            "system_id": system.id,
            "region": slugify(region),
            "kind": "spot" if spot else "on_demand",
            "price_per_gpu_hour": price / count,
            "gpus_per_unit": count,
            "sku": instance,
            # A spot price is a snapshot of a market that moves by the hour, not a price list
            # anyone sells at: an estimate, and said so wherever the offer is priced.
            "price_basis": "estimate" if spot else "list",
            "source": f"SkyPilot catalog ({vendor} vms.csv, {instance} in {region}"
            + (", its SpotPrice snapshot)" if spot else ")"),
            "as_of": as_of.isoformat(),
            "note": f"{count}x {system.accelerator} per instance at {price:g} an instance-hour",
        }
        try:
            offer = msgspec.convert(document, Offer)
        except msgspec.ValidationError as exc:  # a slug too long, a price out of bounds
            error = field_error_from_msgspec(exc)
            column = _COLUMNS.get(error.field, {}).get(spot, "")
            got = f", got {document[error.field]!r} for the offer's {error.field}"
            message = error.message + (got if error.field in document else "")
            errors.append(FieldError(f"{where}.{column}" if column else where, message))
            continue
        built.append((number, instance, region, offer))
    errors += _collisions(built)
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the SkyPilot CSV", errors)
    offers = [offer for *_, offer in built]
    return SkypilotImport(
        offers=tuple(offers), unmapped=tuple(sorted(unmapped)), skipped=tuple(skipped)
    )


def _collisions(built: list[tuple[int, str, str, Offer]]) -> list[FieldError]:
    """Rows whose offer id an earlier row's already is (`p5.48xlarge` and `p5-48xlarge`, or
    `eu-west-9` and `EU WEST 9`, make one slug), each named by its row (number, instance type,
    region, offer) and the column that reads alike."""
    first: dict[str, tuple[int, str, str, Offer]] = {}
    errors = []
    for number, instance, region, offer in sorted(built, key=lambda row: row[0]):
        earlier = first.setdefault(offer.id, (number, instance, region, offer))
        if earlier[0] == number:
            continue
        column = "InstanceType" if earlier[1] != instance else "Region"
        message = (
            f"its offer id {offer.id!r} is row {earlier[0]}'s too ({earlier[1]} in "
            f"{earlier[2]}): the {column}s read alike once made an id; rename one"
        )
        errors.append(FieldError(f"skypilot.csv[row {number}].{column}", message))
    return errors
