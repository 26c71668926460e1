"""What a forecast's scenarios accept and refuse, each refusal naming the field."""

from __future__ import annotations

import msgspec
import pytest

from catalog import InvalidInput
from optimizer import Forecast
from optimizer.scenario_request import Scenario, check_scenarios, scenario_demand

BASE = {
    "name": "f",
    "start": "2027-01",
    "months": 2,
    "workloads": [
        {
            "id": "w",
            "model": "m",
            "isl": 1,
            "osl": 1,
            "slo": {"min_interactivity": 1},
            "tokens_per_second": [10, 20],
        }
    ],
}


def _forecast(scenarios: object) -> Forecast:
    return msgspec.convert({**BASE, "scenarios": scenarios}, Forecast)


def _refused(scenarios: object) -> InvalidInput:
    forecast = _forecast(scenarios)
    with pytest.raises(InvalidInput) as refused:
        check_scenarios(forecast.scenarios, forecast.months, {"w": [10.0, 20.0]})
    return refused.value


def test_a_scale_a_monthly_scale_and_a_series_give_each_scenarios_demand() -> None:
    """`scale` multiplies the forecast (per month when a list); `workloads` replaces it."""
    base = [10.0, 20.0]
    assert scenario_demand(Scenario(name="a", probability=1, scale=2), "w", base) == [20, 40]
    monthly = Scenario(name="b", probability=1, scale=[1, 0.5])
    assert scenario_demand(monthly, "w", base) == [10, 10]
    series = Scenario(name="c", probability=1, workloads={"w": [1, 2]})
    assert scenario_demand(series, "w", base) == [1, 2]


def test_a_scale_beside_a_workloads_series_is_refused_naming_the_workload() -> None:
    """`scale: 2` with `workloads: {w: 1.2e6}` would drop the scale for w (1.2e6, not 2.4e6):
    refused on `forecast.scenarios[0].workloads.w`, saying why; each alone is accepted."""
    error = _refused([{"name": "a", "probability": 1, "scale": 2, "workloads": {"w": 1.2e6}}])
    assert [e.field for e in error.errors] == ["forecast.scenarios[0].workloads.w"]
    assert "scale would not multiply" in error.errors[0].message
    for alone in ({"scale": 2}, {"workloads": {"w": 1.2e6}}):
        forecast = _forecast([{"name": "a", "probability": 1, **alone}])
        check_scenarios(forecast.scenarios, forecast.months, {"w": [10.0, 20.0]})


def test_probabilities_must_sum_to_one() -> None:
    """0.5 + 0.4 is refused on `forecast.scenarios`, saying what they sum to."""
    error = _refused([{"name": "a", "probability": 0.5}, {"name": "b", "probability": 0.4}])
    assert error.errors[0].field == "forecast.scenarios"
    assert "sum to 0.9" in error.errors[0].message


def test_wrong_lengths_unknown_workloads_and_repeated_names_are_named() -> None:
    """A monthly scale of the wrong length, an unknown workload and a repeated name are each
    refused on their own field."""
    error = _refused(
        [
            {"name": "a", "probability": 0.5, "scale": [1, 2, 3]},
            {"name": "a", "probability": 0.5, "workloads": {"nope": 1}},
        ]
    )
    fields = {e.field for e in error.errors}
    assert fields == {
        "forecast.scenarios",
        "forecast.scenarios[0].scale",
        "forecast.scenarios[1].workloads",
    }


@pytest.mark.parametrize(
    ("scenarios", "where"),
    [
        ([{"name": f"s{k}", "probability": 1 / 11} for k in range(11)], "scenarios"),
        ([{"name": "a", "probability": float("nan")}], "probability"),
        ([{"name": "a", "probability": 1.5}], "probability"),
        ([{"name": "a", "probability": 1, "scale": -1}], "scale"),
        ([{"name": "a", "probability": 1, "scale": 1e308}], "scale"),
        ([{"name": "a", "probability": 1, "surprise": 1}], "surprise"),
    ],
)
def test_hostile_scenarios_are_refused(scenarios: object, where: str) -> None:
    """Eleven scenarios, NaN, a probability above 1, a negative or huge scale and unknown
    fields are refused by the decoder, naming the field."""
    with pytest.raises(msgspec.ValidationError) as refused:
        _forecast(scenarios)
    assert where in str(refused.value)


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        ({"scale": 5e-324}, "forecast.scenarios[0].scale"),
        ({"scale": [1, 1e-10]}, "forecast.scenarios[0].scale"),
        ({"workloads": {"w": 1e-300}}, "forecast.scenarios[0].workloads.w"),
        ({"workloads": {"w": [1, 1e15]}}, "forecast.scenarios[0].workloads.w"),
    ],
)
def test_a_scenarios_demand_out_of_a_workloads_bounds_is_refused(
    scenario: dict[str, object], field: str
) -> None:
    """Probe 18a F2: a scale of 5e-324 passed and failed the plan inside PuLP (IndexError),
    1e-10 made a demand its own idle units serve 'infeasible'; a workload's own demand is 0
    or 0.001 to 1e12 tokens/s, and so is each month a scenario gives it."""
    error = _refused([{"name": "a", "probability": 1, **scenario}])
    assert [e.field for e in error.errors] == [field]
    assert "a demand is 0 or at" in error.errors[0].message


def test_a_scenario_of_no_demand_or_within_bounds_is_accepted() -> None:
    for scenario in ({"scale": 0}, {"scale": 1e-4}, {"workloads": {"w": [0, 0.001]}}):
        forecast = _forecast([{"name": "a", "probability": 1, **scenario}])
        check_scenarios(forecast.scenarios, forecast.months, {"w": [10.0, 20.0]})
