"""With whole replicas the tail is valued in whole units and whole replica blocks, as the
horizon is (probe 16a F1). Left fractional, it let a plan drop a renewal for a tail valued at
0.07 of a 72-GPU on-demand rack a month (1,841,219.59 over 48 months) that costs 10,596,096.00
in whole racks: the plan signed a 12-month reservation, 13,245,120.00 in whole units over the
60 months, where one owned rack serves them for 6,969,456.00."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import Plan, PlanRequest, make_plan


def _gpt_oss(last: float, **options: Any) -> Plan:
    """gpt-oss-120b at 40 tok/s/user, rising 100k to 500k tok/s over 2027, the last month
    `last`: only 72-GPU GB200 racks are eligible, one replica a rack."""
    rising = [100000.0 + 40000.0 * i for i in range(12)]
    body = {
        "forecast": {
            "name": "gpt-oss",
            "start": "2027-01",
            "months": 12,
            "workloads": [
                {
                    "id": "w",
                    "model": "gpt-oss-120b",
                    "isl": 8192,
                    "osl": 1024,
                    "slo": {"min_interactivity": 40},
                    "tokens_per_second": [*rising[:11], last],
                }
            ],
        },
        "options": options,
    }
    request = msgspec.convert(body, type=PlanRequest)
    assert request.forecast is not None
    return make_plan(default_catalog(), request, request.forecast)


@pytest.mark.parametrize("last", [270000.0, 540000.0])
def test_a_tail_needing_a_fraction_of_a_rack_is_valued_in_whole_racks(last: float) -> None:
    """Falling at the end (the renewal is the plan's choice) or rising (it is renewed whole),
    the plan owns one rack: 1,393,891.20 in the horizon, 6,969,456.00 with the tail."""
    plan = _gpt_oss(last)
    assert plan.status == "optimal"
    assert [(c.offer_id, c.units, c.term_months) for c in plan.commitments] == [
        ("onprem-gb200", 1.0, 48)
    ]
    assert round(plan.summary.total_cost, 2) == 1_393_891.20
    assert plan.tail is not None
    assert round(plan.summary.lifetime_cost or 0.0, 2) == 6_969_456.00
    assert plan.tail.whole_units_cost is None  # the tail is whole already


def test_fractional_replicas_keep_a_divisible_tail_and_say_what_whole_units_cost() -> None:
    """`fractional` is the model labelled as splitting deployments: its tail is divisible
    too, and the plan shows beside it what the tail costs in whole units."""
    plan = _gpt_oss(270000.0, replicas="fractional")
    assert plan.tail is not None and plan.tail.whole_units_cost is not None
    assert plan.tail.whole_units_cost > plan.tail.cost


def test_a_model_too_large_for_a_whole_tail_says_what_whole_units_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past `WHOLE_TAIL_COLUMNS` columns in the horizon the tail stays fractional (the large
    models' LP-based start does not reach its whole units) and the plan gives the whole-unit
    cost beside it: here, with the limit set to 0, the falling forecast's plan as it was before
    (a 12-month reservation, its tail valued at 1,841,219.59, 10,596,096.00 in whole racks)."""
    monkeypatch.setattr("optimizer.model.WHOLE_TAIL_COLUMNS", 0)
    plan = _gpt_oss(270000.0)
    assert [(c.offer_id, c.units, c.term_months) for c in plan.commitments] == [
        ("coreweave-gb200-reserved", 1.0, 12)
    ]
    assert plan.tail is not None and round(plan.tail.cost, 2) == 1_841_219.59
    assert plan.tail.whole_units_cost is not None
    assert round(plan.tail.whole_units_cost, 2) == 10_596_096.00
    assert any(w.startswith("the tail is valued") for w in plan.warnings)


@pytest.mark.parametrize("last", [270000.0, 540000.0])
def test_a_whole_tail_is_not_solved_again_nor_called_fractional(
    monkeypatch: pytest.MonkeyPatch, last: float
) -> None:
    """Review 16 W1: the tail's one-unit blocks of a lone workload are continuous in the model
    (whole by its units) and were read as solved, so every whole plan looked fractional: its
    tail was solved again in whole units for nothing, and under a short time limit the plan
    warned that its (whole) tail "may be too low". They are read up now, as the horizon's."""
    from optimizer import tail_whole

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a whole tail solved again")

    monkeypatch.setattr(tail_whole, "write_model", never)  # the tail's re-solve builds one
    plan = _gpt_oss(last)
    assert plan.tail is not None and plan.tail.whole_units_cost is None
    assert not [w for w in plan.warnings if "fractional month-to-month" in w]
