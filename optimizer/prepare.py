"""Preprocessing before any solver runs: the instance, dominance pruning and the size check."""

from __future__ import annotations

from catalog.errors import InvalidInput
from catalog.model import Catalog
from optimizer.dominance import prune_dominated
from optimizer.instance import Instance, estimated_columns, prepare
from optimizer.request import Forecast, PlanRequest

__all__ = ["MAX_COLUMNS", "check_size", "prepare", "prepare_for_solve", "prune_dominated"]


MAX_COLUMNS = 600_000
"""Largest model planned at all. Models beyond `optimizer.phases.PLAIN_COLUMNS` are solved
through their relaxation and a reduced model (`optimizer.large`), which HiGHS can stop; this
limit is memory: the relaxation is built whole, straight into highspy as are the least-cost
solves from `optimizer.phases.DIRECT_COLUMNS` (caps 300x36x20, about 496,000 columns: 690 MiB
at most, bench/solve.py; through PuLP 142,000 columns held about 1 GiB, issue 12)."""


def check_size(instance: Instance) -> None:
    """Refuse a model too large to build.

    Raises:
        InvalidInput: on `forecast`, with the estimated columns and how to shrink the model.
    """
    columns = estimated_columns(instance)
    if columns > MAX_COLUMNS:
        raise InvalidInput.one(
            "forecast",
            f"the model would have about {columns:,} columns; at most {MAX_COLUMNS:,} are "
            "planned (beyond that the model does not fit in a solver's memory): plan fewer "
            "months or a shorter `options.tail_months`, fewer workloads, or narrow the offers "
            "with `vendors`, `regions` or `precisions`",
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
