"""How the golden plans' gaps read when stated (probe 12 finding 1): on the cost the search
minimised, under demand_continues the horizon and the tail together, with its bound in money."""

from __future__ import annotations

ON_HORIZON_AND_TAIL = "over the horizon and the tail together, not the horizon alone"

SEED_AT_HALF = "its 25,090,041.60 USD there exceed the best possible by at most 12,545,020.80 USD"
"""The seed plan's bound at a 50% gap: half its cost over the horizon and the tail
(lifetime_cost 25,090,041.60), not of its horizon's total_cost."""
