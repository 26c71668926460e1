"""Probe 9, finding 7c: when the currency is why nothing serves a workload, the refusal names
the currency (it said "--interactivity: no eligible offer serves ..." for `tokenplan crossover
--currency XXX`, and a plan request's `options.currency` alike blamed the SLO). No solve: the
refusal comes from the request's checks."""

from __future__ import annotations

import msgspec
import pytest

from catalog import InvalidInput, default_catalog
from optimizer import CrossoverRequest, PlanRequest, Workload, crossover, make_plan
from service.cli import main
from tests.bodies import FORECAST
from tests.shipped import shipped_catalog

pytestmark = pytest.mark.usefixtures(shipped_catalog.__name__)
R1 = ["crossover", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]


def _error(capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    """stderr of the R1 crossover on the shipped catalog (its catalog line aside), which must
    refuse (exit 1)."""
    assert main([*R1, *flags, "--no-mix"]) == 1
    err = capsys.readouterr().err
    return "\n".join(x for x in err.splitlines() if not x.startswith("catalog: "))


@pytest.mark.parametrize("currency", ["XXX", "EUR"])
def test_the_crossover_blames_a_currency_no_offer_is_priced_in(
    capsys: pytest.CaptureFixture[str], currency: str
) -> None:
    """--currency XXX, or EUR (the shipped catalog has no EUR offer): the refusal names
    --currency, the currency asked for and the one that would serve (USD)."""
    assert _error(capsys, "--interactivity", "150", "--currency", currency) == (
        f"error: --currency: no offer priced in {currency} serves workload 'deepseek-r1-0528' "
        "(deepseek-r1-0528 8192/1024); offers priced in USD do: choose one of those, or leave "
        "the currency out (a plan uses one currency)"
    )


def test_an_slo_nothing_meets_in_any_currency_still_blames_the_slo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """At 150,000 tok/s/user no offer in any currency serves: the SLO is named, not the
    currency."""
    err = _error(capsys, "--interactivity", "150000", "--currency", "XXX")
    assert err.startswith("error: --interactivity: ") and "XXX" not in err


def test_a_plan_request_and_the_crossover_name_their_currency_field() -> None:
    """The same check guards plans (`options.currency`) and the crossover's request
    (`currency`)."""
    workload = msgspec.convert(FORECAST["workloads"][0], Workload)
    request = msgspec.convert({"forecast": FORECAST, "options": {"currency": "EUR"}}, PlanRequest)
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as plan_error:
        make_plan(default_catalog(), request, request.forecast)
    [error] = plan_error.value.errors
    assert error.field == "options.currency"
    assert "no offer priced in EUR serves workload 'reasoning'" in error.message
    with pytest.raises(InvalidInput) as crossover_error:
        crossover(default_catalog(), CrossoverRequest(workload=workload, currency="EUR"))
    assert [e.field for e in crossover_error.value.errors] == ["currency"]
