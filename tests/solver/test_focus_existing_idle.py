"""Probe 17a L2: with existing and proposed units of one offer in a month, focus.csv booked
every idle GPU against the proposed units (an existing 72-GPU rack "72 GPUs Used", the new
one "24 Used / 48 Unused"), where one 48-GPU replica per rack leaves 24 idle on each: a FinOps
tool reading CommitmentDiscountStatus saw the proposed rack two-thirds unused. Idle GPUs now
sit where the replicas leave them, the existing units filled first; where that cannot be
known, in proportion, said in ChargeDescription."""

from __future__ import annotations

import csv
import functools
import io

import msgspec

from catalog import default_catalog
from optimizer import Existing, Plan, PlanRequest, make_plan
from service.reports.focus import focus_csv
from tests.paths import EXAMPLES


@functools.cache
def _plan() -> Plan:
    """The seed's workload (48-GPU replicas on 72-GPU GB300 racks) at 1.0-1.1 M tok/s for
    three months on on-prem racks, one of them existing: the plan adds two racks."""
    request = msgspec.json.decode(
        (EXAMPLES / "seed-deepseek-r1.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None
    [workload] = request.forecast.workloads
    workload = msgspec.structs.replace(
        workload, tokens_per_second=[1e6, 1.05e6, 1.1e6], vendors=("On-prem",)
    )
    forecast = msgspec.structs.replace(request.forecast, months=3, workloads=(workload,))
    rack = Existing(
        offer_id="onprem-gb300", units=1, start="2026-01", term_months=48, price_per_gpu_hour=2.3
    )
    request = msgspec.structs.replace(request, forecast=forecast, existing=(rack,))
    plan = make_plan(default_catalog(), request, forecast)
    assert plan.status == "optimal"
    [racks] = plan.months[0].allocations
    assert (racks.units, racks.gpus, racks.idle_gpus) == (3.0, 216.0, 72.0)
    return plan


def _january(plan: Plan) -> list[tuple[str, str, str, str]]:
    rows = csv.DictReader(io.StringIO(focus_csv(plan, default_catalog())))
    return [
        (
            "existing" if r["CommitmentDiscountId"].endswith("/existing") else "proposed",
            r["CommitmentDiscountStatus"],
            r["x_Gpus"],
            r["ChargeDescription"],
        )
        for r in rows
        if r["ChargePeriodStart"].startswith("2027-01") and r["ChargeCategory"] == "Usage"
    ]


def test_idle_gpus_sit_where_the_replicas_leave_them() -> None:
    """Three 48-GPU replicas on three racks: one on each, 24 GPUs idle on each."""
    said = [(whose, status, gpus) for whose, status, gpus, _ in _january(_plan())]
    assert said == [
        ("existing", "Used", "48"),
        ("existing", "Unused", "24"),
        ("proposed", "Used", "96"),
        ("proposed", "Unused", "48"),
    ]


def test_unknown_placement_splits_in_proportion_and_says_so() -> None:
    """A plan stored before replicas were reported: its idle GPUs are split by the units'
    GPUs (72 of 216 existing), each row saying so."""
    plan = _plan()
    months = tuple(
        msgspec.structs.replace(
            m,
            allocations=tuple(
                msgspec.structs.replace(
                    a,
                    workloads=tuple(msgspec.structs.replace(w, replicas=None) for w in a.workloads),
                )
                for a in m.allocations
            ),
        )
        for m in plan.months
    )
    rows = _january(msgspec.structs.replace(plan, months=months))
    assert [(whose, status, gpus) for whose, status, gpus, _ in rows] == [
        ("existing", "Used", "48"),
        ("existing", "Unused", "24"),
        ("proposed", "Used", "96"),
        ("proposed", "Unused", "48"),
    ]
    assert all("in proportion to their GPUs" in said for *_, said in rows)
