"""Counts in warnings, FOCUS descriptions and requisitions read as English (probe 19: "1 units
from 2027-09", "Residual value of 1 units of own")."""

from __future__ import annotations

import pytest

from catalog import default_catalog
from optimizer.wording import units_text
from service.reports.owned_requisition import counted


@pytest.mark.parametrize(
    ("units", "kw", "said"),
    [
        (1.0, {}, "1 unit"),
        (3.0, {}, "3 units"),
        (0.5, {}, "0.50 units"),
        (298_557_000.0, {}, "298,557,000 units"),
        (1.0, {"signed": True}, "+1 unit"),
        (-1.0, {"signed": True}, "-1 unit"),
        (-2.0, {"signed": True}, "-2 units"),
        (4.0, {"kind": "existing "}, "4 existing units"),
        (1.0, {"kind": "existing "}, "1 existing unit"),
        (2.0, {"noun": "H100 GPU"}, "2 H100 GPUs"),
    ],
)
def test_units_text(units: float, kw: dict[str, object], said: str) -> None:
    assert units_text(units, **kw) == said  # type: ignore[arg-type]


def test_a_requisition_counts_whole_systems_in_their_number() -> None:
    catalog = default_catalog()
    rack = next(o for o in catalog.offers if o.id == "onprem-gb300")
    system = catalog.system(rack.system_id)
    assert system is not None
    one = counted(rack, system, 1.0, "owned ")
    assert one == f"1 owned {rack.gpus_per_unit}-GPU {system.name} unit", one
    assert counted(rack, system, 3.0).endswith(" units")
