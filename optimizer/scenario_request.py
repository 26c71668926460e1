"""Scenarios on a forecast and the risk measure over them (DESIGN section 8.3): what a
request may say, and each scenario's demand per workload and month."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated

from msgspec import Meta

from catalog.errors import FieldError, InvalidInput, known
from catalog.model import Input
from optimizer.demand_limits import MAX_TOKENS_PER_SECOND, MIN_TOKENS_PER_SECOND

__all__ = ["MAX_SCENARIOS", "Risk", "Scenario", "check_scenarios", "scenario_demand"]

MAX_SCENARIOS = 10
PROBABILITY_TOLERANCE = 1e-6
Scale = Annotated[float, Meta(ge=0, le=1e6)]
Series = Annotated[list[Annotated[float, Meta(ge=0, le=1e15)]], Meta(min_length=1, max_length=120)]


class Scenario(Input, frozen=True, kw_only=True):
    """One future of the forecast: its `probability`, and its demand as the forecast's times
    `scale` (a number, or one per month), with `workloads` naming series of tokens/s that
    replace a workload's demand outright (one value, or one per month). A workload's demand
    comes from one of the two: `check_scenarios` refuses a scenario naming workloads beside a
    `scale` (which would not multiply them)."""

    # The descriptions are the OpenAPI's (probe 19: none of a scenario's fields had one).
    name: Annotated[
        str,
        Meta(
            min_length=1, max_length=100, description="the scenario's name, unique in the forecast"
        ),
    ]
    probability: Annotated[
        float,
        Meta(gt=0, le=1, description="its probability (0..1]; the forecast's add up to 1"),
    ]
    scale: (
        Annotated[
            Scale,
            Meta(
                description="the forecast's demand times this: one number for every month, or "
                "one per month of the horizon; default: 1 (the workloads not named in workloads "
                "keep the forecast's demand)"
            ),
        ]
        | Annotated[list[Scale], Meta(min_length=1, max_length=120)]
        | None
    ) = None
    workloads: (
        Annotated[
            dict[
                Annotated[str, Meta(min_length=1, max_length=100)],
                Annotated[float, Meta(ge=0, le=1e15)] | Series,
            ],
            Meta(
                max_length=100,
                description="by workload id, tokens/s that replace its demand outright (one "
                "value, or one per month); not beside a scale; default: none",
            ),
        ]
        | None
    ) = None


class Risk(Input, frozen=True, kw_only=True):
    """Minimise (1 - weight) * expected cost + weight * CVaR at `cvar_alpha`: the expected
    cost of the worst (1 - cvar_alpha) of the probability."""

    cvar_alpha: Annotated[
        float,
        Meta(
            ge=0,
            lt=1,
            description="the CVaR's level [0..1): the expected cost of the worst "
            "(1 - cvar_alpha) of the probability; default 0.9",
        ),
    ] = 0.9
    weight: Annotated[
        float,
        Meta(
            ge=0,
            le=1,
            description="the CVaR's weight in the objective (0..1), the expected cost's "
            "1 - weight; default 0.5",
        ),
    ] = 0.5


NO_SCENARIOS_FOR_RISK = (
    "weighs a CVaR over the forecast's scenarios, and this forecast has none, so it would "
    "change nothing: give `forecast.scenarios`, or leave `options.risk` out"
)


def check_scenarios(
    scenarios: tuple[Scenario, ...],
    months: int,
    demands: Mapping[str, list[float]],
    risk: Risk | None = None,
) -> None:
    """Refuse scenarios that do not describe futures of this forecast, and a `risk` measure
    without scenarios to weigh (probe 8 finding 9h: it was accepted and ignored).

    Raises:
        InvalidInput: on `options.risk` when it is given and there are no scenarios; on
        `forecast.scenarios` when the probabilities do not sum to 1 or two
        scenarios share a name; on `forecast.scenarios[k].scale` or `.workloads` when a list
        has the wrong length or a workload id is unknown (the valid ones listed); on
        `forecast.scenarios[k].workloads.ID` when the scenario also gives a `scale`; on the
        scale or the series when a month's demand it gives a workload (`demands`: each
        workload's tokens/s per month of the horizon) is nonzero and below
        `MIN_TOKENS_PER_SECOND`, or above `MAX_TOKENS_PER_SECOND`, as a workload's own is.
    """
    workload_ids = list(demands)
    if not scenarios:
        if risk is not None:
            raise InvalidInput.one("options.risk", NO_SCENARIOS_FOR_RISK)
        return
    where = "forecast.scenarios"
    errors: list[FieldError] = []
    total = math.fsum(s.probability for s in scenarios)
    if abs(total - 1.0) > PROBABILITY_TOLERANCE:
        errors.append(FieldError(where, f"probabilities sum to {total:.6g}; they must sum to 1"))
    names = [s.name for s in scenarios]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        errors.append(FieldError(where, f"names must be unique; repeated: {', '.join(repeated)}"))
    for k, scenario in enumerate(scenarios):
        if isinstance(scenario.scale, list) and len(scenario.scale) != months:
            errors.append(
                FieldError(
                    f"{where}[{k}].scale",
                    f"has {len(scenario.scale)} values; the forecast has {months} months",
                )
            )
        for wid, series in (scenario.workloads or {}).items():
            if wid not in workload_ids:
                there = known(workload_ids)
                errors.append(
                    FieldError(f"{where}[{k}].workloads", f"no workload {wid!r}; there are {there}")
                )
            elif scenario.scale is not None:
                errors.append(
                    FieldError(
                        f"{where}[{k}].workloads.{wid}",
                        f"gives {wid}'s demand outright, which the scenario's scale would not "
                        f"multiply: scale the series itself, or give the other workloads' series "
                        "instead of a scale",
                    )
                )
            elif isinstance(series, list) and len(series) != months:
                errors.append(
                    FieldError(
                        f"{where}[{k}].workloads.{wid}",
                        f"has {len(series)} values; the forecast has {months} months",
                    )
                )
    if not errors:
        errors = [e for k, s in enumerate(scenarios) if (e := _out_of_bounds(k, s, demands))]
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) with the scenarios", errors)


def _out_of_bounds(
    k: int, scenario: Scenario, demands: Mapping[str, list[float]]
) -> FieldError | None:
    """The first month's demand `scenario` (the `k`th) gives a workload that a workload's own
    `tokens_per_second` may not be (probe 18a F2: a scale of 5e-324 failed the plan inside
    PuLP; 1e-10 made a demand its own idle units serve 'infeasible')."""
    for wid, base in demands.items():
        for month, value in enumerate(scenario_demand(scenario, wid, base)):
            if value == 0 or MIN_TOKENS_PER_SECOND <= value <= MAX_TOKENS_PER_SECOND:
                continue
            given = "scale" if (scenario.workloads or {}).get(wid) is None else f"workloads.{wid}"
            bound = (
                f"at least {MIN_TOKENS_PER_SECOND:g}"
                if value < MIN_TOKENS_PER_SECOND
                else f"at most {MAX_TOKENS_PER_SECOND:g}"
            )
            return FieldError(
                f"forecast.scenarios[{k}].{given}",
                f"gives {wid} {value:.6g} tokens/s in month {month + 1}; a demand is 0 or "
                f"{bound} tokens/s",
            )
    return None


def scenario_demand(scenario: Scenario, workload_id: str, base: list[float]) -> list[float]:
    """The scenario's tokens/s of one workload per month of the horizon, from the forecast's
    `base` (checked by `check_scenarios` first)."""
    months = len(base)
    series = (scenario.workloads or {}).get(workload_id)
    if series is not None:
        return [float(v) for v in series] if isinstance(series, list) else [float(series)] * months
    scale = scenario.scale if scenario.scale is not None else 1.0
    factors = scale if isinstance(scale, list) else [scale] * months
    return [v * f for v, f in zip(base, factors, strict=True)]
