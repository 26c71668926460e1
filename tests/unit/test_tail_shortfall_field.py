"""Probe 5 finding 1: plans stored before the tail counted its shortfall still decode, with
none, and render (the infeasible golden plan, whose workload no month-to-month offer serves)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Plan
from service.reports import build_report
from tests.golden import GOLDEN


def test_a_stored_tail_without_its_shortfall_decodes_as_none_short() -> None:
    """The golden plan's tail without `shortfall_tokens` (as older code wrote it) decodes with
    0 and its report shows no shortfall row; with it, the row is there."""
    stored = msgspec.json.decode((GOLDEN / "infeasible-power-cap.json").read_bytes())
    assert stored["tail"]["shortfall_tokens"] > 0
    del stored["tail"]["shortfall_tokens"]
    old = msgspec.convert(stored, Plan)
    assert old.tail is not None and old.tail.shortfall_tokens == 0.0
    label = "tail tokens short (demand nothing serves after the horizon)"
    assert label not in dict(build_report(old, default_catalog()).tail)
    new = msgspec.json.decode((GOLDEN / "infeasible-power-cap.json").read_bytes(), type=Plan)
    assert label in dict(build_report(new, default_catalog()).tail)
