"""What a plan's gap bounds: the cost its search minimised (the horizon, the tail with it under
`demand_continues`, every term in full under `full_term`), named wherever the gap is stated."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.plan import Plan

__all__ = ["GapBasis", "gap_basis", "plan_gap_basis"]

OVER = {
    "in_horizon": "over the horizon",
    "full_term": "over the horizon with every contract counted for its full term",
    # The horizon's cost alone is not bounded: a better plan may pay less in the horizon and
    # more in the tail, or the reverse (probe 12 finding 1: 4.98% more in the horizon than
    # a plan found later, at a gap of 4.55% on horizon and tail).
    "demand_continues": "over the horizon and the tail together, not the horizon alone",
}


@dataclass(frozen=True)
class GapBasis:
    """The cost a gap is relative to: where it is counted, and its figure when there is one."""

    over: str
    """Where it is counted, a phrase ending a sentence ("over the horizon")."""
    cost: float | None = None
    """The plan's figure of that cost (None: none of the plan's figures is that cost)."""
    currency: str = ""

    def at_most(self, gap: float) -> str:
        """How much the plan may cost above the best possible at `gap`, from its figure: cost -
        best <= gap * cost (gap = (cost - bound) / cost, bound <= best); "" without one."""
        if self.cost is None:
            return ""
        cost, above = f"{self.cost:,.2f} {self.currency}", f"{gap * self.cost:,.2f} {self.currency}"
        return f": its {cost} there exceed the best possible by at most {above}"


def gap_basis(
    accounting: str, cost: float | None, currency: str, scenarios: str | None = None
) -> GapBasis:
    """The basis of a plan's gap under `accounting`, `cost` being what the plan counts (the
    horizon, plus the tail under `demand_continues`). `scenarios`: the scenario objective
    (`expected_cost`, `cvar`, either prefixed `power_then_`): the gap is on the expected cost,
    or on the expected cost weighed with a CVaR, which no figure of the plan is."""
    over = OVER.get(accounting, "over the cost the plan counts")
    if scenarios is None:
        return GapBasis(over=over, cost=cost, currency=currency)
    if scenarios.endswith("expected_cost"):
        return GapBasis(over=f"in expected cost {over}", cost=cost, currency=currency)
    return GapBasis(over=f"in expected cost weighed with its CVaR {over}")


def plan_gap_basis(plan: Plan) -> GapBasis | None:
    """The basis of a stored plan's gap, from its summary (None without one)."""
    s = plan.summary
    if s is None:
        return None
    if plan.scenarios is not None:
        sc = plan.scenarios
        return gap_basis(s.commitment_accounting, sc.expected_cost, s.currency, sc.objective)
    counted = s.lifetime_cost if s.commitment_accounting == "demand_continues" else s.total_cost
    return gap_basis(s.commitment_accounting, counted, s.currency)
