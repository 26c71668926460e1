"""The plan's steps that need nothing of its solution (its baselines' solves, and its marginals
where no offer has `max_units`), run on a thread beside its main solve where that solve waits."""

from __future__ import annotations

import threading

from optimizer.baselines import Solved, compared, solve_strategies
from optimizer.instance import Instance
from optimizer.marginals import marginals
from optimizer.phases import Clock, Objective
from optimizer.plan import Baseline, Marginals, Summary
from optimizer.request import Options, PlanRequest

__all__ = ["Beside"]


class Beside:
    """A plan's baselines (`solve_strategies` on the full instance) and marginals (`marginals`
    on the pruned one), solved on a thread of their own once `start` is told: the fleet search
    tells it as its thread joins its first fixed fleet's MILP (`optimizer.fleet_search`,
    `on_wait`), where that thread waits and a core is idle (shipped 3x12 whole: 0.14 s of
    0.60 with both cores free) and no Python of the search's takes the GIL. What was not
    begun is solved on the caller's thread when asked for. What they find does not depend on
    when they run: the same models, each solved to its gap within the plan's clock.

    The marginals are solved beside only where no offer has `max_units`: the plan's units
    (`held`) then enter none of them (they label and check the availability figures, of the
    `max_units` rows alone)."""

    def __init__(
        self,
        full: Instance,
        instance: Instance,
        objective: Objective,
        options: Options,
        clock: Clock,
        market: set[int] | None = None,
    ) -> None:
        self._full, self._instance = full, instance
        self._objective, self._options, self._clock, self._market = (
            objective,
            options,
            clock,
            market,
        )
        self._held_free = all(spec.offer.max_units is None for spec in instance.offers)
        self._solved: Solved | None = None
        self._marginals: Marginals | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin the solves on their own thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="beside", daemon=True)
            self._thread.start()

    def _strategies(self) -> Solved:
        return solve_strategies(
            self._full, self._objective, self._options, self._clock, self._market
        )

    def _run(self) -> None:
        try:
            self._solved = self._strategies()
            if self._held_free:
                self._marginals = marginals(self._instance, self._clock, self._options.gap)
        except BaseException as exc:  # re-raised by the plan's thread (`_joined`)
            self._error = exc

    def _joined(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error

    def wait(self) -> None:
        """Wait for the solves where they were begun (a plan with no solution to set them
        beside: what they found is not read, nor what they raised)."""
        if self._thread is not None:
            self._thread.join()

    def marginals(self, held: dict[tuple[int, int], float]) -> Marginals:
        """The plan's marginals (`optimizer.marginals.marginals`, `held` the plan's units by
        offer and month).

        Raises:
            Whatever the solves beside raised, on the caller's thread.
        """
        self._joined()
        if self._marginals is not None:
            return self._marginals
        return marginals(self._instance, self._clock, self._options.gap, held)

    def baselines(self, plan: Summary, request: PlanRequest | None = None) -> list[Baseline]:
        """The baselines, each beside `plan` (`optimizer.baselines.compared`).

        Raises:
            Whatever the solves beside raised, on the caller's thread.
        """
        self._joined()
        solved = self._solved if self._solved is not None else self._strategies()
        return compared(solved, plan, request)
