"""On the seed example the guesses and certificates check their plans in the model of every
eligible offer (`optimizer.trials.checked_in`: pruning keeps more than half of its offers for
each), not in a model of each offer's narrowed instance written afresh; the table is the one
pinned (tests/solver/test_sensitivity_seed_table.py)."""

from __future__ import annotations

import sys
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.trials import WHOLE_AT_MOST
from tests.paths import EXAMPLES


def test_the_seeds_guesses_and_certificates_check_plans_in_the_whole_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each model a guess or a certificate asks for, its offer forced in, holds all 14 of the
    seed's eligible offers where pruning keeps at least half of them (each offer's narrowed
    instance held 8 to 10: 9 of the run's 18 model writes); every target still verified."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plan = make_plan(catalog, request, request.forecast)
    seen: list[tuple[str, int]] = []
    for name in ("optimizer.certificates", "optimizer.sensitivity_run"):
        module = sys.modules[name]
        made = module.forced_model  # type: ignore[attr-defined]

        def recorded(
            instance: Any, force: Any, *args: Any, _made: Any = made, _by: str = name
        ) -> Any:
            if force is not None:
                seen.append((_by, len({o for (o, _w) in instance.rates})))
            return _made(instance, force, *args)

        monkeypatch.setattr(module, "forced_model", recorded)
    result = sensitivity(catalog, plan, SensitivityOptions(), workers=1)
    assert {by for by, _n in seen} == {"optimizer.certificates", "optimizer.sensitivity_run"}
    # The whole model, but where pruning at a certificate's price keeps fewer than half the
    # offers (an offer whose price there dominates its like offers): its narrowed one.
    assert len(result.offers) == 14
    assert all(n == 14 or WHOLE_AT_MOST * n < 14 for _by, n in seen), sorted(set(seen))
    assert sum(n == 14 for _by, n in seen) >= len(seen) - 2 >= 10, seen
    assert all(o.target.verified for o in result.offers)
