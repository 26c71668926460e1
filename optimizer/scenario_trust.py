"""How far to trust the figures a scenario plan solves for beside its own plan (probe 8 finding
1): the mean forecast's plan, its recourse and the high scenario alone run on what is left of the
plan's clock, and one stopped at its time limit is labelled with its gap, or withheld."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.scenarios import Solved

__all__ = [
    "CANCELLED",
    "IN_TIME",
    "Proof",
    "high_below",
    "high_note",
    "mean_note",
    "proof",
    "vss_note",
]

MEAN_SHORT = "committing on the mean forecast leaves a scenario's demand unmet"
MEAN_UNSOLVED = (
    "the plan on the mean forecast was not solved {when}: no value of the stochastic solution"
)
MEAN_UNPROVEN = (
    "the plan on the mean forecast (or its recourse in the scenarios) was not proven optimal "
    "{when}{gap}: {what}, and no value of the stochastic solution is given"
)
HIGH_UNSOLVED = "the plan for the {name} scenario alone was not solved {when}"
HIGH_UNPROVEN = "the plan for the {name} scenario alone was not proven optimal {when}{gap}: {what}"
IN_TIME = "in time"
CANCELLED = "before the cancel"
"""What stopped a solve short (review 10 finding C: after a cancel, the notes blamed the time)."""
PLAN_UNPROVEN = (
    "the value of the stochastic solution is measured against this plan's expected cost, "
    "itself not proven optimal{gap}"
)


@dataclass(frozen=True)
class Proof:
    """Whether solves proved their optimum: `proven`, else the largest relative `gap` they
    stopped at (None when one's is unknown: its figure cannot be labelled, so is withheld)."""

    proven: bool
    gap: float | None = None

    @property
    def shown(self) -> bool:
        """Whether a figure resting on these solves is shown: proven, or with a known gap."""
        return self.proven or self.gap is not None


def proof(*solved: Solved) -> Proof:
    """The proof of the weakest of `solved`: a status other than `optimal` is unproven, and a
    gap of 0 beside it (the least-power phase of `objective: power` stopped while its
    cheapest phase was proven) says nothing about the figure, so counts as unknown."""
    gaps: list[float] = []
    for s in solved:
        if s.status == "optimal":
            continue
        if s.gap is None or s.gap <= 0:
            return Proof(proven=False)
        gaps.append(s.gap)
    return Proof(proven=not gaps, gap=max(gaps, default=None))


def _gap(p: Proof) -> str:
    return f" (gap {p.gap:.2%})" if p.gap is not None else ""


def mean_note(mean: Solved, reacted: Solved | None, p: Proof, when: str = IN_TIME) -> str:
    """Why the mean forecast's figures are missing or labelled: "" when both solves proved
    their optimum; MEAN_SHORT when no plan meets the demand; MEAN_UNSOLVED when the time ran
    out before any plan (review 7a finding I); MEAN_UNPROVEN when one stopped at a plan it
    did not prove."""
    for s in (mean, reacted):
        if s is not None and s.solutions is None:
            return MEAN_SHORT if s.status == "infeasible" else MEAN_UNSOLVED.format(when=when)
    if p.proven:
        return ""
    what = (
        "the expected cost committing on it is that of the commitments found"
        if p.shown
        else "no expected cost committing on it is given"
    )
    return MEAN_UNPROVEN.format(when=when, gap=_gap(p), what=what)


def high_note(name: str, alone: Solved, when: str = IN_TIME) -> str:
    """Why the high scenario's obligation alone is missing or labelled ("" when proven)."""
    if alone.solutions is None:
        return HIGH_UNSOLVED.format(name=name, when=when) if alone.status != "infeasible" else ""
    p = proof(alone)
    if p.proven:
        return ""
    what = "its obligation is that of the plan found" if p.shown else "no obligation is given"
    return HIGH_UNPROVEN.format(name=name, when=when, gap=_gap(p), what=what)


def high_below(name: str, alone: float | None, signed: float) -> str:
    """Why the high scenario alone would sign less than the plan does ("" when it would not,
    or is not known; probe 11 finding 11b: "commitments the A scenario alone would sign
    35,040" stood below the plan's 52,560 unexplained). The high scenario has the most demand
    over the horizon, not in every month: commitments shared by every scenario may cover
    another scenario's busier months."""
    if alone is None or signed <= alone + 0.005:
        return ""
    return (
        f"the plan signs commitments owing {signed:,.2f}, more than the {name} scenario alone "
        f"would ({alone:,.2f}): {name} has the most demand over the horizon, not in every "
        "month, and what the plan signs also serves the other scenarios' busier months"
    )


def vss_note(plan_status: str, plan_gap: float | None) -> str:
    """What a value of the stochastic solution rests on when the plan itself is not proven."""
    if plan_status == "optimal":
        return ""
    gap = f" (gap {plan_gap:.2%})" if plan_gap is not None else ""
    return PLAN_UNPROVEN.format(gap=gap)
