"""A plan's units of one offer moved to a like offer of another term (`Retimer`): the units
active in each month kept, signed as the other offer signs them.

Plans found so far are moved between offers column for column (`optimizer.starts`), which
holds between offers of one term. Between terms it does not: a month-to-month offer's columns
are its units of each month (`c_o_s`, one month each), a contract that runs to the horizon's
end is written as its active units (`n_o_t`, never falling; `optimizer.model`), and five
on-demand GB200 racks a month moved column for column became five new reserved contracts
every month (the seed example: coreweave-gb200-reserved's guesses from coreweave-gb200-od's
plans crossed the plan's line at prices below 0, and its search made a probe at 1% of its
price and a Newton step of 0.11 CPU s to find the plan that one on-demand plan, moved whole,
was). `Retimer.moved` keeps each month's active units instead, from the model's own covering
terms (`Formulation.covering`), and signs them as the other offer's columns allow: the latest
contract that covers a month short of units takes the difference, contracts that run to the
end never fall, and every contract ending in the tail is renewed. A candidate start like any
other: checked feasible in the model it starts (`optimizer.starts.Starts.feasible`)."""

from __future__ import annotations

import math

from optimizer.model import Formulation

__all__ = ["Retimer"]

UNITS = ("n_", "c_")
"""The columns that sign an offer's new units (`optimizer.model`): active units, contracts."""
FLAGS = "b_"
"""A contract's minimum-units flag (`b_o_s`), set where the moved plan signs one."""
OTHER = ("g_", "x_", "b_", "r_")
"""An offer's other columns: its serving (renamed to the other offer), renewals not taken,
minimum flags (rewritten) and renewal flags of a minimum contract (main's `r_o_s`, probe 17a
F1: dropped with the units they flag)."""
WHOLE = 1e-6


def _month(name: str) -> int:
    """The month a unit column names (`n_o_t`, `c_o_s`: its last field)."""
    return int(name.rpartition("_")[2])


class Retimer:
    """Moves of units between offers of different terms, from the covering terms of a model
    that holds every offer (`Formulation.covering`, read by column name: names are alike in
    every model of one instance, whatever it prunes)."""

    def __init__(self, formulation: Formulation, names: list[str], integer: list[int]) -> None:
        self._covering: dict[int, dict[int, list[tuple[str, float]]]] = {}
        for (o, t), terms in formulation.covering.items():
            named = [(names[var], float(c)) for var, c in terms]
            self._covering.setdefault(o, {})[t] = named
        self._integer = {name for name, whole in zip(names, integer, strict=True) if whole}
        offers = formulation.instance.offers
        self._terms = {o: spec.term for o, spec in enumerate(offers)}
        self._made: dict[tuple[int, int, int], tuple[dict[str, float], dict[str, float] | None]]
        self._made = {}
        """`moved` of a plan (by identity, the plan kept with it): a run's starts ask the
        same moves again (the seed's: 44 moves, 22 distinct; sens26)."""

    def moved(self, plan: dict[str, float], a: int, b: int) -> dict[str, float] | None:
        """`plan` with offer `a`'s new units moved to offer `b` month by month (see the
        module's docstring); None when the two have one term (moved column for column, as
        `optimizer.starts` does) or either has no covering terms here. Made once for a plan
        (never changed once found, as `optimizer.starts` keeps them): not to be changed."""
        found = self._made.get((id(plan), a, b))
        if found is None or found[0] is not plan:
            found = self._made[(id(plan), a, b)] = (plan, self._move(plan, a, b))
        return found[1]

    def _move(self, plan: dict[str, float], a: int, b: int) -> dict[str, float] | None:
        """`moved`, made."""
        source, target = self._covering.get(a), self._covering.get(b)
        if source is None or target is None or self._terms.get(a) == self._terms.get(b):
            return None
        active = {
            t: sum(c * plan.get(name, 0.0) for name, c in terms) for t, terms in source.items()
        }
        of_a = tuple(f"{kind}{a}_" for kind in UNITS + OTHER)
        moved = {name: v for name, v in plan.items() if not name.startswith(of_a)}
        for name, v in plan.items():
            if name.startswith(f"g_{a}_"):  # serving: the same replicas on the other offer
                renamed = f"g_{b}_{name.partition('_')[2].partition('_')[2]}"
                moved[renamed] = moved.get(renamed, 0.0) + v
        signed: dict[str, float] = {}
        running = {n for terms in target.values() for n, c in terms if c > 0 and n[:2] == "n_"}

        def level(name: str) -> float:
            return moved.get(name, 0.0) + signed.get(name, 0.0)

        for t in sorted(target):
            short = active.get(t, 0.0) - sum(c * level(n) for n, c in target[t])
            units = [n for n, c in target[t] if c > 0 and n.startswith(UNITS)]
            if short <= WHOLE or not units:
                continue
            latest = max(units, key=_month)
            if latest in self._integer:
                short = float(math.ceil(short - WHOLE))
            signed[latest] = signed.get(latest, 0.0) + short
            if latest.startswith("n_"):  # active units never fall: later months hold as many
                for later in sorted(running, key=_month):
                    if _month(later) > _month(latest):
                        signed[later] = signed.get(later, 0.0) + max(
                            0.0, level(latest) - level(later)
                        )
        for name, v in signed.items():
            moved[name] = moved.get(name, 0.0) + v
            flag = f"{FLAGS}{name[2:]}"
            if name.startswith("c_") and v > 0:
                moved[flag] = 1.0
        return moved
