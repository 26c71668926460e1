"""tokenplan's optimizer: pure (no I/O, no web), a catalog snapshot and a plan request in, a
Plan out. `make_plan` is the entry point; `quote` and `rank` answer single-offer questions."""

from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.quotes import Quote, QuoteRequest, Ranking, RankingRequest, quote, rank
from optimizer.request import (
    SLO,
    Constraints,
    Existing,
    Forecast,
    Options,
    PlanRequest,
    PowerCap,
    Workload,
)

__all__ = [
    "SLO",
    "Constraints",
    "Existing",
    "Forecast",
    "Options",
    "Plan",
    "PlanRequest",
    "PowerCap",
    "Quote",
    "QuoteRequest",
    "Ranking",
    "RankingRequest",
    "Workload",
    "make_plan",
    "quote",
    "rank",
]
