"""The solves of one scenario plan: each two-stage model built with the request's options and
solved on the plan's clock (review 7a finding F: the two-stage and least-shortfall searches
each wrote their own copy of this)."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.instance import Instance
from optimizer.model import Goal
from optimizer.phases import Clock
from optimizer.request import Options
from optimizer.scenario_request import Risk
from optimizer.scenarios import Solved, build_scenarios, solve_scenarios
from optimizer.solver import MipProgress

__all__ = ["Search"]


@dataclass
class Search:
    """Where a scenario plan's solves run: its options and clock, and how many ran."""

    options: Options
    clock: Clock
    on_progress: MipProgress | None = None
    """Hears the plan's main search (`main=True`): the least expected cost, or power."""
    solves: int = 0
    """The solves run so far (the plan's `solver.solves`; review 7a finding E: it was 4
    whatever ran)."""

    def run(
        self,
        instances: list[Instance],
        probabilities: list[float],
        risk: Risk | None,
        goal: Goal = "cost",
        *,
        power_limit: float | None = None,
        shortfall_limit: float | None = None,
        fixed: dict[str, float] | None = None,
        main: bool = False,
        within: Clock | None = None,
    ) -> Solved:
        """`instances` as scenarios of `probabilities`, for `goal` (and `risk`), within the
        limits named; with `fixed`, the shared commitments held at those values; by `within`'s
        deadline when given (a step's share of the plan's clock). None solved once the plan
        is cancelled."""
        if self.clock.stopped:
            return Solved("failed", None, {}, 0.0, None)
        model = build_scenarios(
            instances,
            probabilities,
            risk,
            goal=goal,
            shortfall_limit=shortfall_limit,
            relax=self.options.relax,
            power_limit=power_limit,
        )
        self.solves += 1
        if main:
            self.clock.step(goal)
        return solve_scenarios(
            model,
            time_limit=(within or self.clock).for_solve(),
            gap=self.options.gap,
            fixed=fixed,
            clock=self.clock,
            on_progress=self.on_progress if main else None,
        )
