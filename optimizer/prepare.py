"""Preprocessing before any solver runs: the instance, dominance pruning and the size check."""

from __future__ import annotations

from catalog.errors import InvalidInput
from catalog.model import Catalog
from optimizer.dominance import prune_dominated
from optimizer.instance import Instance, prepare
from optimizer.request import Forecast, PlanRequest

__all__ = ["MAX_COLUMNS", "check_size", "prepare", "prepare_for_solve", "prune_dominated"]


MAX_COLUMNS = 200_000
"""Largest model solved: HiGHS does not honour its time limit inside MIP presolve beyond about
250,000 columns (DESIGN section 3), and every solve must stay stoppable."""


def check_size(instance: Instance) -> None:
    """Refuse a model too large to stop.

    Raises:
        InvalidInput: on `forecast`, with the estimated columns and how to shrink the model.
    """
    offers = len({o for (o, _) in instance.rates})
    columns = (len(instance.rates) + offers) * instance.span  # the tail is modelled too
    if columns > MAX_COLUMNS:
        raise InvalidInput.one(
            "forecast",
            f"the model would have about {columns:,} columns; at most {MAX_COLUMNS:,} are "
            "solved (HiGHS cannot be stopped inside presolve beyond that): plan fewer months "
            "or a shorter `options.tail_months`, fewer workloads, or narrow the offers with "
            "`vendors`, `regions` or `precisions`",
        )


def prepare_for_solve(
    catalog: Catalog, request: PlanRequest, forecast: Forecast
) -> tuple[Instance, Instance, dict[str, str]]:
    """`prepare`, then drop dominated offers and refuse a model too large to stop.

    Returns the full instance (the baselines choose from it), the pruned one (the plan is
    solved on it) and the dominated offers with their dominators.
    """
    full = prepare(catalog, request, forecast)
    pruned, dominated = prune_dominated(full)
    check_size(pruned)
    return full, pruned, dominated
